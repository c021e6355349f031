/** The home screen's chats: name, last message time, lifetime left, unread count; a closed one says so. */
import { useNow } from '../../ui/use-now.ts';
import type { Chat } from './chat-book.ts';
import { formatLeft, formatWhen } from './time-text.ts';
import { roomTitle } from './use-room.ts';

export function ChatList({ chats, onOpen }: { chats: readonly Chat[]; onOpen(chat: Chat): void }) {
  const now = useNow(30_000);
  return (
    <section aria-labelledby="chats-heading" class="card">
      <h2 id="chats-heading">Your chats</h2>
      {chats.length === 0 ? (
        <p class="muted">No chats yet: start a room, join one with a link, or make a paid chat.</p>
      ) : (
        <ul class="plain chat-list" data-testid="chat-list">
          {chats.map((chat) => {
            const { room } = chat;
            const title = roomTitle(room);
            const closed = room.status === 'closed';
            const detail = [
              closed ? 'closed' : room.status === 'rejoining' ? 'reconnecting' : null,
              room.expiresAt !== null && !closed ? formatLeft(room.expiresAt - now) : null,
              chat.muted ? 'muted' : null,
            ].filter(Boolean);
            return (
              <li
                key={room.handle || room.roomId || room.mint}
                data-testid="chat-entry"
                data-unread={chat.unread}
              >
                <button type="button" onClick={() => onOpen(chat)}>
                  <span class="chat-name">{title}</span>
                  <span class="muted" data-testid="chat-last">
                    {chat.lastAt !== null ? formatWhen(chat.lastAt, now) : ''}
                  </span>
                  <span class="muted" data-testid="chat-detail">
                    {detail.join(' · ') || (room.kind === 'paid' ? 'paid chat' : 'free room')}
                  </span>
                  {chat.unread > 0 ? (
                    <span class="unread">
                      <span data-testid="unread-count">{chat.unread}</span>
                      <span class="visually-hidden"> unread</span>
                    </span>
                  ) : (
                    <span />
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
