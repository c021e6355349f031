/**
 * `redeem`, version 2 (docs/protocol.md §4): open the sealed quote, check the envelopes against
 * it, submit or find its payment and verify it on chain (payment-on-chain.ts; a payment the wallet
 * sent itself is checked briefly, not waited for), then mint the initiator's key to its one-time
 * holder and offer one invitation per live invitee (redeem-invitations.ts). Nothing is minted to,
 * or names, an invitee's wallet; the initiator learns only how many were invited. Keys and
 * invitation ids derive from the payment, so a redeem may be repeated safely: nothing twice, lost
 * invitations back, answered ones never.
 */
import { address, type Signature, signature as toSignature } from '@solana/kit';
import { b64uDecodedLength } from '../../shared/encoding.ts';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { MAX_INVITE_ENVELOPE_BYTES } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { Session } from '../session/session.ts';
import type { ChatTerms } from './invitation-record.ts';
import type { Invitations } from './invitations.ts';
import { type PaidChatDeps, walletAddress } from './paid-chat-deps.ts';
import type { ExpectedPayment } from './payment.ts';
import { mintKey } from './payment-keys.ts';
import { PAYMENT_WAIT_MS, submitPayment, verifyPaymentOnChain } from './payment-on-chain.ts';
import { openQuote, type Quote, quoteMemo, walletToField } from './quote-seal.ts';
import { offerInvitations } from './redeem-invitations.ts';

/** The smallest envelope the format makes (shared/crypto/invite-envelope.ts: one padded block). */
const MIN_INVITE_ENVELOPE_BYTES = 32 + 24 + 256 + 16;

/** What a `minted` reply carries. */
export interface RedeemedChat {
  /** The initiator's own key. */
  mine: string;
  /** How many invitations the chat has (the quote's live invitees), whoever answered them. */
  invited: number;
}

/** Redeems a paid quote, once the quoted payment is confirmed on chain. */
export async function redeemPaidChat(
  deps: PaidChatDeps,
  invitations: Invitations,
  session: Session,
  frame: ClientFrameOf<'redeem'>,
): Promise<RedeemedChat> {
  const quote = openQuote(deps.master.quoteKey, frame.quote);
  if (!quote) throw new ProtocolError('bad_request', 'this quote was not issued by this server');
  if (quote.initiator !== walletToField(session.wallet))
    throw new ProtocolError('forbidden', 'this quote belongs to another wallet');
  checkEnvelopes(quote, frame.invites);
  const expected: ExpectedPayment = {
    payer: walletAddress(session),
    treasury: deps.treasury.address,
    lamports: BigInt(quote.lamports),
    memo: quoteMemo(quote),
  };
  const submitted = frame.tx !== undefined;
  const signature = submitted
    ? await submitPayment(deps, quote, expected, frame.tx!)
    : toSig(frame.signature!);
  const waitMs = submitted ? PAYMENT_WAIT_MS.submitted : PAYMENT_WAIT_MS.sent;
  await verifyPaymentOnChain(deps, quote, expected, signature, waitMs);
  const chat = chatTermsOf(quote);
  const [mine] = await Promise.all([
    mintKey(deps, {
      payment: signature,
      index: quote.recipients.length, // the initiator's key is the last (payment-keys.ts)
      holder: address(frame.holder),
      wallet: session.wallet,
      chat,
    }),
    offerInvitations(deps, invitations, { quote, payment: signature, chat, envelopes: frame.invites }),
  ]);
  return { mine: mine.mint, invited: quote.recipients.length };
}

/** The chat a quote opens: it ends `ttl` after the quote was issued, to the second. */
export function chatTermsOf(quote: Quote): ChatTerms {
  return { expiresAt: Math.floor((quote.issuedAt + quote.ttl * 1000) / 1000) * 1000, msgTtl: null };
}

/** Exactly one envelope per live invitee, each of an envelope's size: else nothing happens. */
function checkEnvelopes(quote: Quote, envelopes: readonly string[]): void {
  if (envelopes.length !== quote.recipients.length) {
    throw new ProtocolError(
      'bad_request',
      `invites must hold exactly one envelope per live invitee: ${quote.recipients.length}`,
    );
  }
  for (const envelope of envelopes) {
    const bytes = b64uDecodedLength(envelope.length);
    if (bytes > MAX_INVITE_ENVELOPE_BYTES) {
      throw new ProtocolError('too_large', `an envelope must be at most ${MAX_INVITE_ENVELOPE_BYTES} bytes`);
    }
    if (bytes < MIN_INVITE_ENVELOPE_BYTES) {
      throw new ProtocolError('bad_request', `an envelope is at least ${MIN_INVITE_ENVELOPE_BYTES} bytes`);
    }
  }
}

function toSig(text: string): Signature {
  try {
    return toSignature(text);
  } catch {
    throw new ProtocolError('bad_request', 'signature is not a transaction signature');
  }
}
