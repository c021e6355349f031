/**
 * A room's messages, oldest first, scrolled to the newest: date separators, clock times without
 * seconds, our own aligned apart from the others', each with a distinct accessible name ("Message
 * from bob at 14:05"). Sender names are the room's (nickname, else ghost name, by fingerprint);
 * a sender using a verified member's nickname with another key is flagged. Temporary messages
 * count down. Our own have an actions menu (⋯) with Unsend, which asks first; an unsent message
 * leaves "You unsent a message" in its place.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Room, RoomMessage } from '../../../shared/client/index.ts';
import { formatCountdown } from '../../ui/use-now.ts';
import type { Chat } from './chat-book.ts';
import { describeJoinError } from './join-errors.ts';
import { dayKey, formatClock, formatDay } from './time-text.ts';

type Item =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'message'; key: string; message: RoomMessage }
  | { kind: 'unsent'; key: string; at: number };

export function MessageList({
  room,
  chat,
  now,
  readOnly,
  onError,
}: {
  room: Room;
  chat: Chat;
  now: number;
  readOnly: boolean;
  onError(message: string): void;
}) {
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  const messages = (room.status === 'closed' ? chat.messages : room.messages()).filter(
    (m) => m.expiresAt === null || m.expiresAt > now,
  );
  const items = arrange(messages, chat.unsent, now);
  // A sender who took a verified member's nickname with another key is named with its ghost name too.
  const impostors = new Map(
    room
      .members()
      .filter((m) => m.keyChanged)
      .map((m) => [m.fingerprint, m]),
  );

  // Follow the newest message unless the person scrolled up to read older ones.
  useLayoutEffect(() => {
    const el = list.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [items.length]);

  if (items.length === 0) return null;
  return (
    <ol
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1), also when read-only
      tabIndex={0}
      class="plain messages"
      aria-label="Messages"
      data-testid="messages"
      ref={list}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {items.map((item) => {
        if (item.kind === 'day')
          return (
            <li key={item.key} class="date-separator" data-testid="date-separator">
              {item.label}
            </li>
          );
        if (item.kind === 'unsent')
          return (
            <li key={item.key} class="unsent-marker" data-testid="unsent-marker">
              You unsent a message · {formatClock(item.at)}
            </li>
          );
        const m = item.message;
        const sender = m.own ? 'You' : room.nameOf(m.author);
        const time = formatClock(m.receivedAt);
        return (
          <li
            key={item.key}
            class={m.own ? 'message own' : 'message'}
            data-message-id={m.id}
            aria-label={m.own ? `Your message at ${time}` : `Message from ${sender} at ${time}`}
          >
            {!m.own && (
              <span class="muted" data-testid="message-sender">
                {sender}
                {impostors.has(m.author) && (
                  <strong class="error">
                    {' '}
                    ({impostors.get(m.author)!.ghostName}, not the verified member ⚠)
                  </strong>
                )}
              </span>
            )}
            <p class="body">{m.body}</p>
            <span class="meta">
              <span class="muted" data-testid="message-time">
                {time}
                {m.expiresAt !== null && (
                  <span data-testid="message-countdown">
                    {' '}
                    · vanishes in {formatCountdown(m.expiresAt - Math.max(now, m.receivedAt))}
                  </span>
                )}
              </span>
              {m.own && !readOnly && <MessageActions room={room} message={m} time={time} onError={onError} />}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** The ⋯ menu of one of our messages: Unsend, then "Unsend for everyone?" to confirm. */
function MessageActions({
  room,
  message,
  time,
  onError,
}: {
  room: Room;
  message: RoomMessage;
  time: string;
  onError(message: string): void;
}) {
  const [step, setStep] = useState<'closed' | 'menu' | 'confirm'>('closed');
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (step !== 'closed') first.current?.focus();
  }, [step]);
  const close = () => setStep('closed');
  return (
    <span class="menu-holder">
      <button
        type="button"
        class="menu-button"
        aria-label={`Actions for your message at ${time}`}
        aria-expanded={step !== 'closed'}
        data-testid="message-actions"
        onClick={() => setStep(step === 'closed' ? 'menu' : 'closed')}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && step !== 'closed') {
            e.stopPropagation();
            close();
          }
        }}
      >
        ⋯
      </button>
      {step === 'menu' && (
        <span class="menu" data-testid="message-menu">
          <button type="button" ref={first} onClick={() => setStep('confirm')} data-testid="unsend">
            Unsend
          </button>
        </span>
      )}
      {step === 'confirm' && (
        <fieldset class="menu" data-testid="unsend-confirm">
          <legend>Unsend for everyone?</legend>
          <span class="row">
            <button
              type="button"
              ref={first}
              class="primary"
              data-testid="unsend-yes"
              onClick={() => {
                close();
                room.unsend(message.id).catch((e: unknown) => onError(describeJoinError(e)));
              }}
            >
              Unsend
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </span>
        </fieldset>
      )}
    </span>
  );
}

/** Messages and unsent markers in time order, a separator before each new day. */
function arrange(messages: RoomMessage[], unsent: Chat['unsent'], now: number): Item[] {
  const timed: { at: number; item: Item }[] = [
    ...messages.map((m) => ({ at: m.receivedAt, item: { kind: 'message', key: m.id, message: m } as Item })),
    ...unsent.map((u) => ({ at: u.at, item: { kind: 'unsent', key: `unsent:${u.id}`, at: u.at } as Item })),
  ].sort((a, b) => a.at - b.at);
  const items: Item[] = [];
  let day = '';
  for (const { at, item } of timed) {
    if (dayKey(at) !== day) {
      day = dayKey(at);
      items.push({ kind: 'day', key: `day:${day}`, label: formatDay(at, now) });
    }
    items.push(item);
  }
  return items;
}
