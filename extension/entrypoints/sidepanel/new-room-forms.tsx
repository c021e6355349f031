/**
 * Create a free room (who gets in: anyone with the link, or whom a member approves; an optional
 * name; its lifetime and default message lifetime) or join one by link or code.
 */
import { useState } from 'preact/hooks';
import type { FreeRoomOptions } from '../../../shared/client/index.ts';
import { MAX_CHAT_NAME_CHARS } from '../../../shared/protocol/limits.ts';
import { DEFAULT_ROOM_LIFETIME, MessageLifetimeSelect, RoomLifetimeSelect } from './lifetime-selects.tsx';

type Admission = NonNullable<FreeRoomOptions['admission']>;

export function NewRoomForms({
  onCreate,
  onJoin,
}: {
  onCreate(options: FreeRoomOptions): Promise<unknown>;
  onJoin(input: string): Promise<unknown>;
}) {
  const [ttl, setTtl] = useState(DEFAULT_ROOM_LIFETIME);
  const [msgTtl, setMsgTtl] = useState<number | null>(null);
  const [admission, setAdmission] = useState<Admission>('open');
  const [name, setName] = useState('');
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const guard = (action: () => Promise<unknown>) => {
    setBusy(true);
    void action().finally(() => setBusy(false));
  };
  const create = (): FreeRoomOptions => ({
    ttl,
    admission,
    ...(msgTtl === null ? {} : { msgTtl }),
    ...(name.trim() === '' ? {} : { name: name.trim() }),
  });

  return (
    <>
      <form
        class="card"
        aria-labelledby="create-heading"
        onSubmit={(e) => {
          e.preventDefault();
          guard(() => onCreate(create()));
        }}
      >
        <h2 id="create-heading">New free room</h2>
        <label>
          Room name (optional)
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
            Open: anyone with the link joins
          </label>
          <label class="check">
            <input
              type="radio"
              name="admission"
              value="approval"
              checked={admission === 'approval'}
              onChange={() => setAdmission('approval')}
            />{' '}
            Approval: members approve each newcomer
          </label>
        </fieldset>
        <RoomLifetimeSelect label="Room lifetime" value={ttl} onChange={setTtl} />
        <MessageLifetimeSelect
          label="Default message lifetime"
          value={msgTtl}
          onChange={setMsgTtl}
          keepLabel="Keep"
        />
        <button type="submit" class="primary" disabled={busy} data-testid="create-room">
          Create room
        </button>
      </form>
      <form
        class="card"
        aria-labelledby="join-heading"
        onSubmit={(e) => {
          e.preventDefault();
          guard(() => onJoin(input));
        }}
      >
        <h2 id="join-heading">Join a room</h2>
        <label>
          Room link or code
          <input
            name="join"
            value={input}
            onInput={(e) => setInput(e.currentTarget.value)}
            placeholder="ag1… or http://…/join#ag1…"
            autocomplete="off"
            spellcheck={false}
          />
        </label>
        <p class="muted">A link of an approval room asks to join: you get in when a member approves.</p>
        <button type="submit" disabled={busy || input.trim() === ''} data-testid="join-room">
          Join
        </button>
      </form>
    </>
  );
}
