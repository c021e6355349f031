/**
 * Writing a message, pinned under the conversation: the text (Enter sends, Shift+Enter breaks the
 * line, Esc clears the draft), the message timer (⏱ shows whether messages vanish, and after how
 * long), send; tells the others we are typing. Disabled while not in the room, saying why.
 */
import { useState } from 'preact/hooks';
import type { Room } from '../../../shared/client/index.ts';
import { describeJoinError } from './join-errors.ts';
import { MESSAGE_LIFETIMES, MessageLifetimeSelect } from './lifetime-selects.tsx';

export function Composer({
  room,
  disabled = false,
  disabledReason,
  onError,
}: {
  room: Room;
  /** Not in the room right now (reconnecting): the text stays, sending waits. */
  disabled?: boolean;
  disabledReason?: string;
  onError(message: string): void;
}) {
  const [text, setText] = useState('');
  const [ttl, setTtl] = useState<number | null>(null);
  const [sending, setSending] = useState(false);
  // The room's default applies when the person picks none.
  const effective = ttl ?? room.msgTtl;
  const timerLabel =
    effective === null
      ? 'Messages stay'
      : `Vanish after ${MESSAGE_LIFETIMES.find((o) => o.seconds === effective)?.label ?? `${effective} s`}`;

  const send = (event: Event) => {
    event.preventDefault();
    const body = text.trim();
    if (body === '' || disabled || sending) return;
    setSending(true);
    room
      .sendText(body, ttl === null ? {} : { ttl })
      .then(
        () => setText(''),
        (e: unknown) => onError(describeJoinError(e)),
      )
      .finally(() => setSending(false));
  };

  return (
    <form onSubmit={send} class="composer" aria-label="Write a message" data-testid="composer">
      {disabled && disabledReason && (
        <p class="muted" data-testid="composer-disabled">
          {disabledReason}
        </p>
      )}
      <label>
        <span class="visually-hidden">Message</span>
        <textarea
          name="message"
          rows={2}
          value={text}
          placeholder="Write an end-to-end encrypted message"
          onInput={(e) => {
            setText(e.currentTarget.value);
            try {
              room.typing();
            } catch {
              // not in the room right now (reconnecting): nobody to tell
            }
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) send(e);
            if (e.key === 'Escape' && text !== '') {
              e.stopPropagation(); // Esc clears the draft first, then closes what is open
              setText('');
            }
          }}
        />
      </label>
      <div class="row">
        <span
          class="timer"
          data-active={effective !== null ? 'true' : 'false'}
          data-testid="message-timer"
          title={timerLabel}
        >
          <TimerIcon />
          <span class="visually-hidden" data-testid="message-timer-state">
            {timerLabel}
          </span>
          <MessageLifetimeSelect
            label=""
            ariaLabel="Message timer"
            keepLabel={room.msgTtl === null ? 'No timer' : 'Room default'}
            name="lifetime"
            value={ttl}
            onChange={setTtl}
          />
        </span>
        <button
          type="submit"
          class="primary"
          disabled={disabled || sending || text.trim() === ''}
          data-testid="send"
        >
          Send
        </button>
      </div>
    </form>
  );
}

/** A stopwatch, drawn (an emoji would be a box where no emoji font exists). */
function TimerIcon() {
  return (
    <svg
      width="14"
      height="14"
      viewBox="0 0 16 16"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="1.6"
    >
      <circle cx="8" cy="9" r="5.5" />
      <path d="M8 9V6M6 1.5h4" stroke-linecap="round" />
    </svg>
  );
}
