/**
 * The home screen: your ghost card, invitations, your chats, and the three actions (New room,
 * Join with link, Paid chat), each opening its own short form. The notification setting sits at
 * the end.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Status } from '../../messaging/runtime-messages.ts';
import { loadPreviewsAllowed, savePreviewsAllowed } from '../../storage/notification-settings.ts';
import { InvitationList } from '../../ui/invitation-list.tsx';
import type { Chat } from './chat-book.ts';
import { ChatList } from './chat-list.tsx';
import { GhostCardBox } from './ghost-card-box.tsx';

export type HomeAction = 'new-room' | 'join' | 'paid';

export function HomeScreen({
  status,
  chats,
  offline,
  ready,
  onOpen,
  onAction,
  onAccepted,
  onError,
}: {
  status: Status;
  chats: readonly Chat[];
  offline: boolean;
  /** The panel's connection is up (actions need it). */
  ready: boolean;
  onOpen(chat: Chat): void;
  onAction(action: HomeAction): void;
  onAccepted(mint: string): void;
  onError(message: string): void;
}) {
  const disabled = offline || !ready;
  return (
    <div class="panel-body" data-testid="home">
      <GhostCardBox status={status} onError={onError} />
      <InvitationList invitations={status.invitations} onError={onError} onAccepted={onAccepted} />
      <ChatList chats={chats} onOpen={onOpen} />
      <section aria-labelledby="start-heading" class="card">
        <h2 id="start-heading">Start a chat</h2>
        <div class="actions">
          <button
            type="button"
            class="primary"
            disabled={disabled}
            onClick={() => onAction('new-room')}
            data-testid="action-new-room"
          >
            New room
          </button>
          <button
            type="button"
            disabled={disabled}
            onClick={() => onAction('join')}
            data-testid="action-join"
          >
            Join with link
          </button>
          <button
            type="button"
            disabled={disabled}
            onClick={() => onAction('paid')}
            data-testid="action-paid"
          >
            Paid chat
          </button>
        </div>
        <p class="muted" data-testid="actions-hint">
          {offline
            ? 'Offline: new rooms and joins wait for the connection.'
            : !ready
              ? 'Connecting to the server…'
              : 'Free rooms last up to 30 days; a paid chat gives each invitee a key (on Solana).'}
        </p>
      </section>
      <PreviewSetting />
    </div>
  );
}

function PreviewSetting() {
  const [allowed, setAllowed] = useState<boolean | null>(null);
  useEffect(() => {
    loadPreviewsAllowed().then(setAllowed, () => setAllowed(false));
  }, []);
  if (allowed === null) return null;
  return (
    <label class="check muted">
      <input
        type="checkbox"
        name="previews"
        checked={allowed}
        onChange={(e) => {
          const next = e.currentTarget.checked;
          setAllowed(next);
          void savePreviewsAllowed(next);
        }}
        data-testid="previews"
      />{' '}
      Show the room name and message start in notifications
    </label>
  );
}
