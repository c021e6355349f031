/** Writing a message: text, lifetime selector, send; tells the others we are typing. */
import { useState } from 'preact/hooks';
import type { Room } from '../../../shared/client/index.ts';
import { describeError } from '../../ui/error-messages.ts';
import { MessageLifetimeSelect } from './lifetime-selects.tsx';

export function Composer({
  room,
  disabled = false,
  onError,
}: {
  room: Room;
  /** Not in the room right now (reconnecting): the text stays, sending waits. */
  disabled?: boolean;
  onError(message: string): void;
}) {
  const [text, setText] = useState('');
  const [ttl, setTtl] = useState<number | null>(null);
  const [sending, setSending] = useState(false);

  const send = (event: Event) => {
    event.preventDefault();
    const body = text.trim();
    if (body === '' || disabled || sending) return;
    setSending(true);
    room
      .sendText(body, ttl === null ? {} : { ttl })
      .then(
        () => setText(''),
        (e: unknown) => onError(describeError(e)),
      )
      .finally(() => setSending(false));
  };

  return (
    <form onSubmit={send} class="composer" aria-label="Write a message">
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
          }}
        />
      </label>
      <div class="row">
        <MessageLifetimeSelect class="row" label="Lifetime" name="lifetime" value={ttl} onChange={setTtl} />
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
