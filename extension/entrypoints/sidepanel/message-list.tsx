/**
 * The messages of a room, each with its sender's name in the room (nickname, else ghost name, by
 * the sender's fingerprint), countdowns for temporary ones and unsend for our own.
 */
import type { Room } from '../../../shared/client/index.ts';
import { describeError } from '../../ui/error-messages.ts';
import { formatCountdown } from '../../ui/use-now.ts';

export function MessageList({
  room,
  now,
  onError,
}: {
  room: Room;
  now: number;
  onError(message: string): void;
}) {
  const messages = room.messages();
  // A sender who took a verified member's nickname with another key is named with its ghost name too.
  const impostors = new Map(
    room
      .members()
      .filter((m) => m.keyChanged)
      .map((m) => [m.fingerprint, m]),
  );
  if (messages.length === 0) return <p class="muted">No messages yet. Messages are never stored anywhere.</p>;
  return (
    <ol class="plain messages" aria-label="Messages" data-testid="messages">
      {messages.map((m) => (
        <li key={m.id} class={m.own ? 'message own' : 'message'} data-message-id={m.id}>
          <span class="muted" data-testid="message-sender">
            {m.own ? 'You' : room.nameOf(m.author)}
            {impostors.has(m.author) && (
              <strong class="error">
                {' '}
                ({impostors.get(m.author)!.ghostName}, not the verified member ⚠)
              </strong>
            )}
          </span>
          <p class="body">{m.body}</p>
          <span class="muted">
            {new Date(m.receivedAt).toLocaleTimeString()}
            {m.expiresAt !== null && (
              <span data-testid="message-countdown">
                {' '}
                · vanishes in {formatCountdown(m.expiresAt - Math.max(now, m.receivedAt))}
              </span>
            )}
          </span>
          {m.own && (
            <button
              type="button"
              class="unsend"
              onClick={() => room.unsend(m.id).catch((e: unknown) => onError(describeError(e)))}
              aria-label="Unsend this message"
            >
              Unsend
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
