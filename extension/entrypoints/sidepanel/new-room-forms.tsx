/** Create a free room (its lifetime and default message lifetime) or join one by link or code. */
import { useState } from 'preact/hooks';
import { DEFAULT_ROOM_LIFETIME, MessageLifetimeSelect, RoomLifetimeSelect } from './lifetime-selects.tsx';

export function NewRoomForms({
  onCreate,
  onJoin,
}: {
  onCreate(options: { ttl: number; msgTtl?: number }): Promise<unknown>;
  onJoin(input: string): Promise<unknown>;
}) {
  const [ttl, setTtl] = useState(DEFAULT_ROOM_LIFETIME);
  const [msgTtl, setMsgTtl] = useState<number | null>(null);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const guard = (action: () => Promise<unknown>) => {
    setBusy(true);
    void action().finally(() => setBusy(false));
  };

  return (
    <>
      <form
        class="card"
        aria-labelledby="create-heading"
        onSubmit={(e) => {
          e.preventDefault();
          guard(() => onCreate(msgTtl === null ? { ttl } : { ttl, msgTtl }));
        }}
      >
        <h2 id="create-heading">New free room</h2>
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
        <button type="submit" disabled={busy || input.trim() === ''} data-testid="join-room">
          Join
        </button>
      </form>
    </>
  );
}
