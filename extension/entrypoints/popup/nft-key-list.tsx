/**
 * The NFT-key selector: the paid keys this install's one-time holders hold for the signed-in
 * wallet (the server lists them by holder; the names come from this install's paid-keys store,
 * as the envelopes said them), with a Join button that hands the key to the side panel, which
 * joins the paid room. `refresh` changes after an accept, to list the new key.
 */
import { useEffect, useState } from 'preact/hooks';
import { askBackground } from '../../messaging/background-requests.ts';
import type { NftKey } from '../../messaging/page-requests.ts';
import { savePendingJoin } from '../../storage/pending-join.ts';
import { formatMoment } from '../../ui/lifetime-text.ts';

export function NftKeyList({
  onError,
  onOpenChat,
  refresh,
}: {
  onError(message: string): void;
  onOpenChat(): void;
  refresh: number;
}) {
  const [keys, setKeys] = useState<NftKey[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    askBackground({ type: 'list-keys' }).then(setKeys, (e: Error) => setProblem(e.message));
  }, [refresh]);

  const join = (mint: string) => {
    // Open first, inside the click: the side panel needs the user gesture.
    onOpenChat();
    savePendingJoin({ kind: 'key', mint }).catch(() => onError('Could not hand the key to the chat panel.'));
  };

  return (
    <section class="card" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Your chat keys</h2>
      {problem && <p class="muted">Keys unavailable: {problem}</p>}
      {!problem && keys === null && <p class="muted">Loading…</p>}
      {keys?.length === 0 && (
        <p class="muted">No chat keys yet: accept an invitation, or create a paid chat in the chat panel.</p>
      )}
      {keys && keys.length > 0 && (
        <ul class="plain">
          {keys.map((key) => (
            <li key={key.mint} class="row key-item">
              <span>
                <strong>{key.name ?? 'Private chat'}</strong>
                <br />
                <span class="muted">
                  {key.expiresAt === null
                    ? 'No end date'
                    : key.expiresAt < Date.now()
                      ? `Ended ${formatMoment(key.expiresAt)}`
                      : `Open until ${formatMoment(key.expiresAt)}`}
                </span>
              </span>
              <button
                type="button"
                onClick={() => join(key.mint)}
                disabled={key.expiresAt !== null && key.expiresAt < Date.now()}
                aria-label={`Join ${key.name ?? 'private chat'}`}
              >
                Join
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
