/**
 * `quote` (docs/protocol.md §4): which of the invited ghostIds are live, the price, and the
 * payment transaction for the initiator's wallet to sign. The quote itself is sealed and carried
 * by the client, so the server keeps no record of who asked to invite whom.
 */
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { QUOTE_LIFETIME_MS } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { Session } from '../session/session.ts';
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
    v: 1,
    id: randomQuoteId(),
    initiator: walletToField(session.wallet),
    recipients: recipients.map(walletToField),
    name: frame.name,
    sealName: frame.sealName ?? false,
    ttl: frame.ttl,
    msgTtl: null,
    lamports: lamports.toString(),
    issuedAt,
    expiresAt: issuedAt + QUOTE_LIFETIME_MS,
  };
  for (const w of recipients) w.fill(0);
  const blockhash = await deps.chain.latestBlockhash();
  const tx = buildPaymentTransaction(
    { payer: walletAddress(session), treasury: deps.treasury.address, lamports, memo: quoteMemo(quote) },
    blockhash,
  );
  return {
    quote: sealQuote(deps.master.quoteKey, quote),
    lamports: quote.lamports,
    tx,
    live,
    expiresAt: quote.expiresAt,
  };
}
