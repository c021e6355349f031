/**
 * `quote` (docs/protocol.md §4): which of the invited ghostIds (or ghost cards, read as their
 * ghostIds by the schema) are live, the price, the payment transaction for the initiator's wallet
 * to sign, and `payBy`, when that transaction's blockhash stops being valid. The quote itself is
 * sealed and carried by the client, so the server keeps no record of who asked to invite whom.
 */
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { QUOTE_LIFETIME_MS } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { Session } from '../session/session.ts';
import { SLOT_MS } from './paid-chain.ts';
import { type PaidChatDeps, walletAddress } from './paid-chat-deps.ts';
import { buildPaymentTransaction } from './payment.ts';
import { type Quote, quoteMemo, randomQuoteId, sealQuote, walletToField } from './quote-seal.ts';

/** What a `quote` reply carries. */
export interface IssuedQuote {
  /** The sealed quote, to be handed back on `redeem`. */
  quote: string;
  lamports: string;
  /** The unsigned payment transaction, base64url wire bytes. */
  tx: string;
  /** Per ghostId asked, in order: whether it could be opened. */
  live: boolean[];
  expiresAt: number;
  /** When `tx`'s blockhash stops being valid (Unix ms). */
  payBy: number;
}

/** Quotes a paid chat with the live ones among `frame.ghostIds`; refuses when none is live. */
export async function quotePaidChat(
  deps: PaidChatDeps,
  session: Session,
  frame: ClientFrameOf<'quote'>,
): Promise<IssuedQuote> {
  await deps.ghostIds.prepare(frame.ghostIds)?.catch((error: unknown) => {
    throw new ProtocolError('unavailable', 'ghostIds cannot be opened right now; try again', {
      cause: error,
    });
  });
  // The seed asks for Promises rather than a loop, since the ghost window is the time limit. Opening
  // is synchronous and ~10 µs here (keys for Redis mode are loaded just above, in parallel), so the
  // Promise.all only keeps every ghostId independent: one failing cannot hold up the others.
  const wallets = await Promise.all(frame.ghostIds.map(async (ghostId) => deps.ghostIds.open(ghostId)));
  const live = wallets.map((w) => w !== undefined);
  const recipients = wallets.filter((w): w is Uint8Array => w !== undefined);
  if (recipients.length === 0) throw new ProtocolError('no_live_ghosts', 'none of these ghostIds is live');
  const issuedAt = deps.now();
  const lamports = BigInt(recipients.length + 1) * deps.priceLamports;
  const quote: Quote = {
    v: 2,
    id: randomQuoteId(),
    initiator: walletToField(session.wallet),
    recipients: recipients.map(walletToField),
    ttl: frame.ttl,
    lamports: lamports.toString(),
    issuedAt,
    expiresAt: issuedAt + QUOTE_LIFETIME_MS,
  };
  for (const w of recipients) w.fill(0);
  const [blockhash, height] = await Promise.all([deps.chain.latestBlockhash(), deps.chain.blockHeight()]);
  const tx = buildPaymentTransaction(
    { payer: walletAddress(session), treasury: deps.treasury.address, lamports, memo: quoteMemo(quote) },
    blockhash,
  );
  // Blocks left before the blockhash expires, at the cluster's nominal slot time (docs/protocol.md §4).
  const blocksLeft = blockhash.lastValidBlockHeight > height ? blockhash.lastValidBlockHeight - height : 0n;
  return {
    quote: sealQuote(deps.master.quoteKey, quote),
    lamports: quote.lamports,
    tx,
    live,
    expiresAt: quote.expiresAt,
    payBy: deps.now() + Number(blocksLeft) * SLOT_MS,
  };
}
