/**
 * One conversation, messages first: a header (back, the room's name and state, room info), join
 * requests when someone knocks, the messages scrolled to the newest, who is typing, and the
 * composer pinned to the bottom. A room rejoining after a dropped connection says so and waits
 * read-only; a closed one keeps its last messages with why it closed and, where possible, Rejoin.
 * Esc closes the room-info drawer (room-info.tsx).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnoGhostClient } from '../../../shared/client/index.ts';
import { useNow } from '../../ui/use-now.ts';
import { BackButton } from './back-button.tsx';
import type { Chat } from './chat-book.ts';
import { Composer } from './composer.tsx';
import { MessageList } from './message-list.tsx';
import { RoomInfo } from './room-info.tsx';
import { groupByKey, JoinRequests } from './room-members.tsx';
import { describeClosed, roomTitle, useRoom } from './use-room.ts';

export function RoomView({
  client,
  chat,
  canRejoin,
  offline,
  onBack,
  onLeave,
  onMute,
  onRejoin,
}: {
  client: AnoGhostClient;
  chat: Chat;
  canRejoin: boolean;
  offline: boolean;
  onBack(): void;
  onLeave(): Promise<unknown>;
  onMute(muted: boolean): void;
  onRejoin(): Promise<unknown>;
}) {
  const { room } = chat;
  const { typing } = useRoom(room);
  const now = useNow();
  const [error, setError] = useState<string | null>(null);
  const [infoOpen, setInfoOpen] = useState(false);
  const [rejoining, setRejoining] = useState(false);
  const infoButton = useRef<HTMLButtonElement>(null);
  const closed = room.status === 'closed';
  const joined = room.status === 'joined';
  const knocking = room.status === 'knocking';
  const people = groupByKey(room.members()).length;

  const closeInfo = () => {
    setInfoOpen(false);
    infoButton.current?.focus();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && infoOpen) closeInfo();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [infoOpen]);

  const rejoin = () => {
    setRejoining(true);
    setError(null);
    onRejoin()
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setRejoining(false));
  };
  const empty = (closed ? chat.messages : room.messages()).length === 0 && chat.unsent.length === 0;

  return (
    <section
      class="conversation"
      aria-labelledby="room-heading"
      data-testid="chat-room"
      data-status={room.status}
    >
      <header class="panel-header">
        <BackButton onBack={onBack} />
        <div style="flex: 1; min-width: 0">
          <h2 id="room-heading">{roomTitle(room)}</h2>
          <span class="muted" data-testid="room-subtitle">
            {closed
              ? 'closed'
              : knocking
                ? 'waiting for approval'
                : `${people} ${people === 1 ? 'member' : 'members'}${chat.muted ? ' · muted' : ''}`}
          </span>
        </div>
        <button
          type="button"
          ref={infoButton}
          onClick={() => setInfoOpen(true)}
          aria-expanded={infoOpen}
          data-testid="open-room-info"
        >
          Room info
        </button>
      </header>
      <RoomStatusLine
        chat={chat}
        canRejoin={canRejoin}
        offline={offline}
        busy={rejoining}
        onRejoin={rejoin}
      />
      {joined && <JoinRequests room={room} onError={setError} />}
      {empty && !knocking ? (
        <div class="empty-room messages">
          <p class="muted">No messages yet. Messages are end-to-end encrypted and never stored anywhere.</p>
          {joined && room.shareCode() && (
            <button type="button" onClick={() => setInfoOpen(true)} data-testid="invite-people">
              Invite people
            </button>
          )}
        </div>
      ) : (
        !knocking && <MessageList room={room} chat={chat} now={now} readOnly={!joined} onError={setError} />
      )}
      {knocking && <div class="messages" />}
      <p class="muted typing" aria-live="polite" data-testid="typing">
        {typing.length > 0 ? `${typing.join(', ')} typing…` : ''}
      </p>
      {error && (
        <p class="error" role="alert" style="padding: 0 12px">
          {error}
        </p>
      )}
      {!closed && !knocking && (
        <Composer
          room={room}
          disabled={!joined}
          disabledReason="Read-only until the room is back: your draft stays."
          onError={setError}
        />
      )}
      <RoomInfo
        client={client}
        chat={chat}
        open={infoOpen}
        now={now}
        onClose={closeInfo}
        onMute={onMute}
        onLeave={onLeave}
      />
    </section>
  );
}

function RoomStatusLine({
  chat,
  canRejoin,
  offline,
  busy,
  onRejoin,
}: {
  chat: Chat;
  canRejoin: boolean;
  offline: boolean;
  busy: boolean;
  onRejoin(): void;
}) {
  const { room } = chat;
  switch (room.status) {
    case 'closed':
      return (
        <div class="banner" role="alert" data-testid="room-closed">
          <span>
            {!chat.closedOffline
              ? describeClosed(chat.closedReason)
              : chat.closedReason === 'expired'
                ? 'This room closed when the connection dropped: it expired meanwhile.'
                : 'This room closed when the connection dropped.'}{' '}
            Its last messages stay here, read-only.
          </span>
          {canRejoin && (
            <button type="button" onClick={onRejoin} disabled={busy || offline} data-testid="rejoin">
              {busy ? 'Rejoining…' : 'Rejoin'}
            </button>
          )}
        </div>
      );
    case 'knocking':
      return (
        <p class="room-status" role="status" data-testid="room-status">
          Waiting for a member to approve you… Keep this panel open: you join as soon as someone in the room
          approves.
        </p>
      );
    case 'rejoining':
      return (
        <p class="room-status muted" role="status" data-testid="room-status">
          Reconnecting… This room rejoins by itself when the connection is back.
        </p>
      );
    case 'joining':
      return (
        <p class="room-status muted" role="status" data-testid="room-status">
          Joining…
        </p>
      );
    default:
      return null;
  }
}
