/**
 * Create a paid chat (PROTOCOL.md §4): paste ghostIds, see which are live and the price, approve
 * the payment in the wallet (through the background's wallet bridge), get the keys, join. The
 * amount and destination shown are what the background decoded from the transaction the wallet
 * would sign, never the server's numbers; a transaction that does not match is refused there.
 */
import { useState } from 'preact/hooks';
import type { AnoGhostClient, Quote, Room } from '../../../shared/client/index.ts';
import { MAX_CHAT_NAME_CHARS, MAX_QUOTE_GHOSTS } from '../../../shared/protocol/limits.ts';
import { formatSol } from '../../../shared/solana/lamports.ts';
import { askBackground } from '../../messaging/background-requests.ts';
import type { PaymentReview } from '../../messaging/page-requests.ts';
import { describeError } from '../../ui/error-messages.ts';
import { DEFAULT_ROOM_LIFETIME, RoomLifetimeSelect } from './lifetime-selects.tsx';

/** A quote whose payment the background decoded and checked. */
interface Offer {
  quote: Quote;
  review: PaymentReview;
}

type Step = 'edit' | 'checking' | 'quoting' | 'paying' | 'minting';

export function PaidChatForm({ client, onJoined }: { client: AnoGhostClient; onJoined(room: Room): void }) {
  const [ghostText, setGhostText] = useState('');
  const [name, setName] = useState('');
  const [ttl, setTtl] = useState(DEFAULT_ROOM_LIFETIME);
  const [sealName, setSealName] = useState(true);
  const [live, setLive] = useState<boolean[] | null>(null);
  const [offer, setOffer] = useState<Offer | null>(null);
  const [step, setStep] = useState<Step>('edit');
  const [error, setError] = useState<string | null>(null);
  const ghostIds = parseGhostIds(ghostText);

  const attempt = async (next: Step, action: () => Promise<void>) => {
    setError(null);
    setStep(next);
    try {
      await action();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setStep('edit');
    }
  };
  const check = () => attempt('checking', async () => setLive(await client.check(ghostIds)));
  const getPrice = () =>
    attempt('quoting', async () => {
      setOffer(null);
      const quote = await client.quote({ ghostIds, name: name.trim(), ttl, sealName });
      setLive(quote.live);
      const review = await askBackground({ type: 'review-payment', tx: quote.tx, lamports: quote.lamports });
      setOffer({ quote, review });
    });
  const pay = ({ quote, review }: Offer) =>
    attempt('paying', async () => {
      const tx = await askBackground({
        type: 'sign-transaction',
        tx: quote.tx,
        lamports: quote.lamports,
        ...(review.firstUse ? { trustTreasury: review.destination } : {}),
      });
      setStep('minting');
      const minted = await client.redeem({ quote: quote.quote, tx });
      setOffer(null);
      const room = await client.joinPaidRoom(minted.mine);
      // Rooms v2 carry the name end to end (the `room` message), not in the server's `joined`:
      // the buyer names the chat for everyone who joins with a key.
      if (!room.name && name.trim() !== '') await room.setName(name.trim()).catch(() => undefined);
      onJoined(room);
    });

  const busy = step !== 'edit';
  const tooMany = ghostIds.length > MAX_QUOTE_GHOSTS;
  return (
    <form class="card" aria-labelledby="paid-heading" onSubmit={(e) => e.preventDefault()}>
      <h2 id="paid-heading">New paid chat</h2>
      <label>
        Invite ghostIds (one per line)
        <textarea
          name="ghost-ids"
          rows={3}
          value={ghostText}
          onInput={(e) => {
            setGhostText(e.currentTarget.value);
            setLive(null);
            setOffer(null);
          }}
          spellcheck={false}
        />
      </label>
      {tooMany && <p class="error">At most {MAX_QUOTE_GHOSTS} ghostIds per chat.</p>}
      {live && (
        <ul class="plain" aria-label="Who is live" data-testid="live-list">
          {ghostIds.map((id, i) => (
            <li key={id} class="mono">
              {live[i] ? '● live' : '○ not live'} · {id.slice(0, 16)}…
            </li>
          ))}
        </ul>
      )}
      <label>
        Chat name
        <input
          name="chat-name"
          maxLength={MAX_CHAT_NAME_CHARS}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <RoomLifetimeSelect label="Chat lifetime" value={ttl} onChange={setTtl} />
      <label class="row">
        <input type="checkbox" checked={sealName} onChange={(e) => setSealName(e.currentTarget.checked)} />
        Hide the name on chain (only key holders can read it)
      </label>
      <div class="row">
        <button type="button" onClick={check} disabled={busy || ghostIds.length === 0 || tooMany}>
          {step === 'checking' ? 'Checking…' : 'Check who is live'}
        </button>
        <button
          type="button"
          onClick={getPrice}
          disabled={busy || ghostIds.length === 0 || tooMany || name.trim() === ''}
        >
          {step === 'quoting' ? 'Asking…' : 'Get price'}
        </button>
      </div>
      {offer && (
        <div class="card" data-testid="quote">
          <p>
            {offer.quote.live.filter(Boolean).length + 1} keys (you and{' '}
            {offer.quote.live.filter(Boolean).length} live invitees):{' '}
            <strong>{formatSol(BigInt(offer.review.lamports))} SOL</strong>
          </p>
          <p class="muted">
            Paid to the server's treasury{' '}
            <span class="mono" data-testid="treasury">
              {offer.review.destination}
            </span>
          </p>
          {offer.review.firstUse && (
            <p data-testid="first-treasury">
              Your first payment on this server: paying confirms this treasury, and AnoGhost will refuse to
              pay any other for this server.
            </p>
          )}
          <p class="muted">
            The quote is valid until {new Date(offer.quote.expiresAt).toLocaleTimeString()}.
          </p>
          <button type="button" class="primary" onClick={() => pay(offer)} disabled={busy}>
            {step === 'paying'
              ? 'Approve in your wallet…'
              : step === 'minting'
                ? 'Minting keys…'
                : 'Pay with wallet'}
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert" data-testid="paid-error">
          {error}
        </p>
      )}
    </form>
  );
}

function parseGhostIds(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((id) => id.length > 0))];
}
