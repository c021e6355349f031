/** One open room: share code, safety code, members, messages, typing, composer, leave. */
import { useState } from 'preact/hooks';
import type { Room } from '../../../shared/client/index.ts';
import { describeError } from '../../ui/error-messages.ts';
import { useCopy } from '../../ui/use-copy.ts';
import { formatCountdown, useNow } from '../../ui/use-now.ts';
import { Composer } from './composer.tsx';
import { MessageList } from './message-list.tsx';
import { memberLabel, useRoom } from './use-room.ts';

export function RoomView({ room, onClose }: { room: Room; onClose(): void }) {
  const { typing, closedReason } = useRoom(room);
  const now = useNow();
  const [error, setError] = useState<string | null>(null);
  const { copied, copy } = useCopy(setError);
  const shareCode = room.shareCode();
  const joinUrl = room.joinUrl();
  const members = room.members();
  const closed = room.status === 'closed';
  let safetyCode = '';
  try {
    safetyCode = room.safetyCode(); // already in groups of five digits
  } catch {
    // closed or rejoining: no code to compare
  }

  const leave = () => room.leave().then(onClose, (e: unknown) => setError(describeError(e)));

  return (
    <section class="card" aria-labelledby="room-heading" data-testid="chat-room">
      <div class="row" style="justify-content: space-between">
        <h2 id="room-heading">{room.name ?? (room.kind === 'free' ? 'Free room' : 'Private chat')}</h2>
        <button type="button" onClick={leave} data-testid="leave-room">
          Leave
        </button>
      </div>
      {closed && (
        <p class="error" role="alert" data-testid="room-closed">
          {closedReason === 'expired' ? 'This room has expired.' : 'You are no longer in this room.'}
        </p>
      )}
      {room.expiresAt !== null && !closed && (
        <p class="muted">Room ends in {formatCountdown(room.expiresAt - now)}</p>
      )}
      {shareCode && (
        <div>
          <p class="muted">Share this code or link (it opens the room; anyone who has it can join):</p>
          <p class="mono" data-testid="share-code">
            {shareCode}
          </p>
          <button type="button" onClick={() => copy(joinUrl ?? '')}>
            {copied ? 'Link copied' : 'Copy join link'}
          </button>
        </div>
      )}
      <details>
        <summary>Safety code</summary>
        <p class="muted">Compare it with the others out of band: equal codes mean nobody swapped keys.</p>
        <p class="mono" data-testid="safety-code">
          {safetyCode}
        </p>
      </details>
      <div>
        <h3 class="muted">Members ({members.length + 1})</h3>
        <ul class="plain" data-testid="members">
          <li>You ({memberLabel(room.member)})</li>
          {members.map((m) => (
            <li key={m.member} data-member={m.member}>
              {memberLabel(m.member)}
              {!m.accepted && <span class="error"> · keys rejected, not part of the chat</span>}
            </li>
          ))}
        </ul>
      </div>
      <MessageList room={room} now={now} onError={setError} />
      <p class="muted" aria-live="polite" data-testid="typing">
        {typing.length > 0 ? `${typing.map(memberLabel).join(', ')} typing…` : ''}
      </p>
      {!closed && <Composer room={room} onError={setError} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
