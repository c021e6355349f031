/**
 * The home screen's short forms. New room: a name, who gets in (anyone with the link, or whom a
 * member approves), and under "Options" its lifetime and default message lifetime. Join with
 * link: a link or code, read before anything goes to the server, its error next to the field
 * (the space is kept, so nothing jumps). Both are disabled while offline, saying why.
 */
import { useState } from 'preact/hooks';
import type { FreeRoomOptions } from '../../../shared/client/index.ts';
import { parseShareInput } from '../../../shared/e2e/share-code.ts';
import { MAX_CHAT_NAME_CHARS } from '../../../shared/protocol/limits.ts';
import { describeJoinError } from './join-errors.ts';
import { DEFAULT_ROOM_LIFETIME, MessageLifetimeSelect, RoomLifetimeSelect } from './lifetime-selects.tsx';

type Admission = NonNullable<FreeRoomOptions['admission']>;

const OFFLINE_REASON = 'Offline: you can create or join rooms once the connection is back.';

export function NewRoomForm({
  offline,
  onCreate,
}: {
  offline: boolean;
  onCreate(options: FreeRoomOptions): Promise<unknown>;
}) {
  const [ttl, setTtl] = useState(DEFAULT_ROOM_LIFETIME);
  const [msgTtl, setMsgTtl] = useState<number | null>(null);
  const [admission, setAdmission] = useState<Admission>('open');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    onCreate({
      ttl,
      admission,
      ...(msgTtl === null ? {} : { msgTtl }),
      ...(name.trim() === '' ? {} : { name: name.trim() }),
    })
      .catch((failure: unknown) => setError(describeJoinError(failure)))
      .finally(() => setBusy(false));
  };

  return (
    <form class="card" aria-labelledby="create-heading" onSubmit={submit} data-testid="new-room-form">
      <h2 id="create-heading">New room</h2>
      <label>
        Room name (optional, every member sees it)
        <input
          name="new-room-name"
          value={name}
          maxLength={MAX_CHAT_NAME_CHARS}
          onInput={(e) => setName(e.currentTarget.value)}
          autocomplete="off"
        />
      </label>
      <fieldset>
        <legend>Who can join</legend>
        <label class="check">
          <input
            type="radio"
            name="admission"
            value="open"
            checked={admission === 'open'}
            onChange={() => setAdmission('open')}
          />{' '}
          Anyone with the link
        </label>
        <label class="check">
          <input
            type="radio"
            name="admission"
            value="approval"
            checked={admission === 'approval'}
            onChange={() => setAdmission('approval')}
          />{' '}
          Only people a member approves
        </label>
      </fieldset>
      <details class="options" data-testid="room-options">
        <summary>
          Options: room lasts {lifetimeLabel(ttl)}, messages {msgTtl === null ? 'stay' : 'vanish'}
        </summary>
        <RoomLifetimeSelect label="Room lifetime" value={ttl} onChange={setTtl} />
        <MessageLifetimeSelect
          label="Default message lifetime"
          value={msgTtl}
          onChange={setMsgTtl}
          keepLabel="Keep (as long as the room)"
        />
      </details>
      <button type="submit" class="primary" disabled={busy || offline} data-testid="create-room">
        {busy ? 'Creating…' : 'Create room'}
      </button>
      <p class="field-error" role="alert" data-testid="create-error">
        {offline ? OFFLINE_REASON : (error ?? '')}
      </p>
    </form>
  );
}

export function JoinRoomForm({
  offline,
  onJoin,
}: {
  offline: boolean;
  onJoin(input: string): Promise<unknown>;
}) {
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    const parsed = parseShareInput(input.trim());
    if (!parsed.ok) {
      setError(`This is not a room link or code: ${parsed.reason}.`);
      return;
    }
    setBusy(true);
    setError(null);
    onJoin(input.trim())
      .catch((failure: unknown) => setError(describeJoinError(failure)))
      .finally(() => setBusy(false));
  };
  return (
    <form class="card" aria-labelledby="join-heading" onSubmit={submit} data-testid="join-form" noValidate>
      <h2 id="join-heading">Join with link</h2>
      <label for="join-input">Room link or code</label>
      <input
        id="join-input"
        name="join"
        value={input}
        onInput={(e) => {
          setInput(e.currentTarget.value);
          setError(null);
        }}
        placeholder="ag1… or http://…/join#ag1…"
        autocomplete="off"
        spellcheck={false}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby="join-error join-hint"
      />
      <p id="join-error" class="field-error" data-testid="join-error" aria-live="polite">
        {error ?? ''}
      </p>
      <p id="join-hint" class="muted">
        A link of an approval room asks to join: you get in when a member approves.
      </p>
      <button
        type="submit"
        class="primary"
        disabled={busy || offline || input.trim() === ''}
        data-testid="join-room"
      >
        {busy ? 'Joining…' : 'Join'}
      </button>
      {offline && <p class="muted">{OFFLINE_REASON}</p>}
    </form>
  );
}

function lifetimeLabel(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  return `${Math.round(seconds / 3600)} hour${seconds === 3600 ? '' : 's'}`;
}
