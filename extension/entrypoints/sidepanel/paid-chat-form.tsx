/**
 * Create a paid chat (PROTOCOL.md §4, version 2): paste ghost cards (one per line; each is read
 * before anything goes to the server), see which can receive a key, get the price (the chat name
 * stays here: it goes only into the envelopes), approve the payment in the wallet (through the
 * background's payment guard), redeem with the one-time holder and the sealed envelopes, join.
 * A quote's payment can land only until `payBy` (about a minute): the form quotes again by itself
 * when that passes before the payment.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnoGhostClient, Room } from '../../../shared/client/index.ts';
import { MAX_CHAT_NAME_CHARS, MAX_QUOTE_GHOSTS } from '../../../shared/protocol/limits.ts';
import { askBackground } from '../../messaging/background-requests.ts';
import { describeError } from '../../ui/error-messages.ts';
import { WalletWait } from '../../ui/wallet-wait.tsx';
import { abbreviateCard, type PastedCard, readPastedCards } from './ghost-card-lines.ts';
import { DEFAULT_ROOM_LIFETIME, MessageLifetimeSelect, RoomLifetimeSelect } from './lifetime-selects.tsx';
import { PaidOffer } from './paid-offer.tsx';
import { describePaymentError, isLapsedPayment, type Offer, payAndRedeem } from './paid-redeem.ts';
import { joinPaidChat } from './paid-room-join.ts';

type Step = 'edit' | 'checking' | 'quoting' | 'paying' | 'minting';

const PAY_BY_MARGIN_MS = 5_000; // quote again a little before the payment window closes
const MAX_AUTO_REQUOTES = 10; // then the person asks for a price again

export function PaidChatForm({
  client,
  offline = false,
  onJoined,
}: {
  client: AnoGhostClient;
  offline?: boolean;
  onJoined(room: Room): void;
}) {
  const [cardText, setCardText] = useState('');
  const [name, setName] = useState('');
  const [ttl, setTtl] = useState(DEFAULT_ROOM_LIFETIME);
  const [msgTtl, setMsgTtl] = useState<number | null>(null);
  const [live, setLive] = useState<boolean[] | null>(null);
  const [offer, setOffer] = useState<Offer | null>(null);
  const [step, setStep] = useState<Step>('edit');
  const [error, setError] = useState<string | null>(null);
  const requotes = useRef(0);
  const { cards, problems } = readPastedCards(cardText);

  const attempt = async (next: Step, action: () => Promise<void>) => {
    setError(null);
    setStep(next);
    try {
      await action();
    } finally {
      setStep('edit');
    }
  };
  const quoteFor = async (asked: PastedCard[]) => {
    setOffer(null);
    const quote = await client.quote({ ghostIds: asked.map((card) => card.text), ttl });
    setLive(quote.live);
    const review = await askBackground({ type: 'review-payment', tx: quote.tx, lamports: quote.lamports });
    setOffer({ quote, review, cards: asked });
  };
  const check = () =>
    attempt('checking', async () => setLive(await client.check(cards.map((card) => card.text)))).catch(
      (e: unknown) => setError(describeError(e)),
    );
  const getPrice = (automatic = false) => {
    if (!automatic) requotes.current = 0;
    return attempt('quoting', () => quoteFor(cards)).catch((e: unknown) => setError(describeError(e)));
  };
  const pay = (current: Offer) =>
    attempt('paying', async () => {
      const mint = await payAndRedeem(client, current, { name: name.trim(), ttl, msgTtl }, () =>
        setStep('minting'),
      );
      setOffer(null);
      onJoined(await joinPaidChat(client, mint));
    }).catch((e: unknown) => {
      setError(describePaymentError(e, current.review.lamports));
      if (isLapsedPayment(e)) void getPrice(true);
    });

  // The payment window (`payBy`) is about a minute: quote again before it closes, unless paying.
  useEffect(() => {
    if (!offer || step !== 'edit') return;
    const timer = setTimeout(
      () => {
        if (requotes.current >= MAX_AUTO_REQUOTES) {
          setOffer(null);
          setError('The price lapsed (a payment must be made within about a minute): get a new price.');
          return;
        }
        requotes.current++;
        void getPrice(true);
      },
      Math.max(0, offer.quote.payBy - PAY_BY_MARGIN_MS - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [offer, step]);

  const busy = step !== 'edit';
  const tooMany = cards.length > MAX_QUOTE_GHOSTS;
  const usable = cards.length > 0 && problems.length === 0 && !tooMany && !offline;
  const whyDisabled = offline
    ? 'Offline: prices need the server.'
    : problems.length > 0
      ? 'Fix the lines marked above to get a price.'
      : cards.length === 0
        ? 'Paste at least one ghost card to get a price.'
        : tooMany
          ? `Remove cards: at most ${MAX_QUOTE_GHOSTS}.`
          : null;
  return (
    <form class="card" aria-labelledby="paid-heading" onSubmit={(e) => e.preventDefault()}>
      <h2 id="paid-heading">New paid chat</h2>
      <label>
        Invite ghost cards (one per line)
        <textarea
          name="ghost-cards"
          rows={3}
          aria-describedby="card-hint"
          aria-invalid={problems.length > 0 ? 'true' : undefined}
          value={cardText}
          onInput={(e) => {
            setCardText(e.currentTarget.value);
            setLive(null);
            setOffer(null);
          }}
          spellcheck={false}
        />
      </label>
      <p class="muted" id="card-hint">
        A ghost card is what a person's AnoGhost shares to be invited: ask them for theirs.
      </p>
      {problems.length > 0 && (
        <ul class="plain error" role="alert" data-testid="card-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {tooMany && <p class="error">At most {MAX_QUOTE_GHOSTS} ghost cards per chat.</p>}
      {live && live.length === cards.length && (
        <ul class="plain" aria-label="Who can receive a key" data-testid="live-list">
          {cards.map((card, i) => (
            <li key={card.text} class="mono">
              {live[i] ? '● can receive a key' : '○ expired or not a ghost card'} · {abbreviateCard(card)}
            </li>
          ))}
        </ul>
      )}
      <label>
        Chat name (only you and the people you invite see it)
        <input
          name="chat-name"
          maxLength={MAX_CHAT_NAME_CHARS}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <RoomLifetimeSelect
        label="Chat lifetime"
        value={ttl}
        onChange={(seconds) => {
          setTtl(seconds);
          setOffer(null);
        }}
      />
      <MessageLifetimeSelect
        label="Default message lifetime"
        name="paid-msg-ttl"
        value={msgTtl}
        onChange={setMsgTtl}
        keepLabel="Keep"
      />
      <div class="row">
        <button type="button" onClick={check} disabled={busy || !usable}>
          {step === 'checking' ? 'Checking…' : 'Check the cards'}
        </button>
        <button
          type="button"
          onClick={() => getPrice()}
          disabled={busy || !usable}
          aria-describedby={whyDisabled ? 'price-why' : undefined}
        >
          {step === 'quoting' ? 'Asking…' : 'Get price'}
        </button>
      </div>
      {whyDisabled && !busy && (
        <p class="muted" id="price-why" data-testid="price-why">
          {whyDisabled}
        </p>
      )}
      {offer && (
        <PaidOffer offer={offer} step={step} canPay={!busy && name.trim() !== ''} onPay={() => pay(offer)} />
      )}
      {step === 'paying' && (
        <WalletWait what="Approve the payment in your wallet's page." onError={setError} />
      )}
      {offer && name.trim() === '' && (
        <p class="muted">Name the chat to pay: the name goes into the invitations.</p>
      )}
      {error && (
        <p class="error" role="alert" data-testid="paid-error">
          {error}
        </p>
      )}
    </form>
  );
}
