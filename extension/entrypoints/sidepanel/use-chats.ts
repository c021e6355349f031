/**
 * Preact hook around the chat book (chat-book.ts): re-renders on its changes, keeps the action
 * badge at the unread total, marks the open room read when the panel is seen, and asks the
 * background for a notification (no content unless previews are allowed).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Room, RoomMessage } from '../../../shared/client/index.ts';
import { askBackground } from '../../messaging/background-requests.ts';
import { PREVIEW_CHARS } from '../../messaging/notify-messages.ts';
import { loadPreviewsAllowed } from '../../storage/notification-settings.ts';
import { type Chat, ChatBook } from './chat-book.ts';
import { roomTitle } from './use-room.ts';

export function useChats(openRoom: Room | null): ChatBook {
  const [, setVersion] = useState(0);
  const open = useRef(openRoom);
  open.current = openRoom;
  const book = useMemo(
    () =>
      new ChatBook({
        isWatching: (room) => document.visibilityState === 'visible' && open.current === room,
        notify: (chat, message) => void notify(chat, message),
        onChange: () => setVersion((n) => n + 1),
      }),
    [],
  );

  // Looking at a room reads it: when it opens, and when the panel comes back into view.
  useEffect(() => {
    const read = () => {
      if (document.visibilityState === 'visible' && open.current) book.markRead(open.current);
    };
    read();
    document.addEventListener('visibilitychange', read);
    return () => document.removeEventListener('visibilitychange', read);
  }, [openRoom, book]);

  const total = book.unreadTotal();
  useEffect(() => {
    askBackground({ type: 'set-unread', count: total }).catch(() => {});
  }, [total]);
  useEffect(() => {
    // The rooms leave with the panel: so do their unread messages.
    const clear = () => void askBackground({ type: 'set-unread', count: 0 }).catch(() => {});
    window.addEventListener('pagehide', clear);
    return () => window.removeEventListener('pagehide', clear);
  }, []);

  return book;
}

async function notify(chat: Chat, message: RoomMessage): Promise<void> {
  const previews = await loadPreviewsAllowed().catch(() => false);
  const request = previews
    ? {
        title: roomTitle(chat.room).slice(0, 64),
        text: `${chat.room.nameOf(message.author).slice(0, 64)}: ${message.body.slice(0, PREVIEW_CHARS)}`,
      }
    : {};
  await askBackground({ type: 'notify-message', ...request }).catch(() => {});
}
