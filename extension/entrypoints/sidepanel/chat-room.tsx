/**
 * One open room: its name (editable), status (knocking, reconnecting), share code, your nickname,
 * members with fingerprints and verify toggles, join requests, messages, typing, composer, leave.
 */
import { useState } from 'preact/hooks';
import type { Room } from '../../../shared/client/index.ts';
import { MAX_NICKNAME_CHARS } from '../../../shared/e2e/message-plaintext.ts';
import { MAX_CHAT_NAME_CHARS } from '../../../shared/protocol/limits.ts';
import { describeError } from '../../ui/error-messages.ts';
import { useCopy } from '../../ui/use-copy.ts';
import { formatCountdown, useNow } from '../../ui/use-now.ts';
import { Composer } from './composer.tsx';
import { MessageList } from './message-list.tsx';
import { JoinRequests, MemberList } from './room-members.tsx';
import { describeClosed, roomTitle, useRoom } from './use-room.ts';

export function RoomView({ room, onClose }: { room: Room; onClose(): void }) {
  const { typing, closedReason } = useRoom(room);
  const now = useNow();
  const [error, setError] = useState<string | null>(null);
  const { copied, copy } = useCopy(setError);
  const shareCode = room.shareCode();
  const joinUrl = room.joinUrl();
  const closed = room.status === 'closed';
  const joined = room.status === 'joined';
  const knocking = room.status === 'knocking';
  const fail = (e: unknown) => setError(describeError(e));

  const leave = () => room.leave().then(onClose, fail);

  return (
    <section class="card" aria-labelledby="room-heading" data-testid="chat-room" data-status={room.status}>
      <div class="row" style="justify-content: space-between">
        <h2 id="room-heading">{roomTitle(room)}</h2>
        <button type="button" onClick={leave} data-testid="leave-room">
          Leave
        </button>
      </div>
      <RoomStatusLine room={room} closedReason={closedReason} />
      {room.expiresAt !== null && !closed && (
        <p class="muted">Room ends in {formatCountdown(room.expiresAt - now)}</p>
      )}
      {shareCode && !knocking && (
        <div>
          <p class="muted" data-testid="share-hint">
            {room.admission === 'approval'
              ? 'Share this code or link: it asks to join, and a member approves each newcomer.'
              : 'Share this code or link (it opens the room; anyone who has it can join):'}
          </p>
          <p class="mono" data-testid="share-code">
            {shareCode}
          </p>
          <button type="button" onClick={() => copy(joinUrl ?? '')}>
            {copied ? 'Link copied' : 'Copy join link'}
          </button>
        </div>
      )}
      {joined && (
        <div class="settings">
          <TextSetting
            key={`name:${room.name ?? ''}`}
            label="Room name (every member sees it)"
            name="room-name"
            value={room.name ?? ''}
            button="Rename room"
            max={MAX_CHAT_NAME_CHARS}
            onSave={(text) => room.setName(text).catch(fail)}
          />
          <TextSetting
            key={`nick:${room.nickname ?? ''}`}
            label="Your nickname in this room"
            name="nickname"
            value={room.nickname ?? ''}
            button="Set nickname"
            max={MAX_NICKNAME_CHARS}
            onSave={(text) => room.setNickname(text).catch(fail)}
          />
        </div>
      )}
      {!knocking && !closed && <MemberList room={room} />}
      {joined && <JoinRequests room={room} onError={setError} />}
      {!knocking && <MessageList room={room} now={now} onError={setError} />}
      <p class="muted" aria-live="polite" data-testid="typing">
        {typing.length > 0 ? `${typing.join(', ')} typing…` : ''}
      </p>
      {!closed && !knocking && <Composer room={room} disabled={!joined} onError={setError} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function RoomStatusLine({ room, closedReason }: { room: Room; closedReason: string | null }) {
  switch (room.status) {
    case 'closed':
      return (
        <p class="error" role="alert" data-testid="room-closed">
          {describeClosed(closedReason)}
        </p>
      );
    case 'knocking':
      return (
        <p role="status" data-testid="room-status">
          Waiting for a member to approve you… Keep this panel open: you join as soon as someone in the room
          approves.
        </p>
      );
    case 'rejoining':
      return (
        <p class="muted" role="status" data-testid="room-status">
          Reconnecting…
        </p>
      );
    case 'joining':
      return (
        <p class="muted" role="status" data-testid="room-status">
          Joining…
        </p>
      );
    default:
      return null;
  }
}

function TextSetting({
  label,
  name,
  value,
  button,
  max,
  onSave,
}: {
  label: string;
  name: string;
  value: string;
  button: string;
  max: number;
  onSave(text: string): Promise<unknown>;
}) {
  const [text, setText] = useState(value);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="row"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void onSave(text).finally(() => setBusy(false));
      }}
    >
      <label>
        {label}{' '}
        <input
          name={name}
          value={text}
          maxLength={max}
          onInput={(e) => setText(e.currentTarget.value)}
          autocomplete="off"
        />
      </label>
      <button type="submit" disabled={busy || text.trim() === '' || text.trim() === value}>
        {button}
      </button>
    </form>
  );
}
