/**
 * `redeem` (docs/protocol.md §4): open the sealed quote, submit or find its payment and verify it
 * on chain (payment-on-chain.ts; a payment the wallet sent itself is checked briefly, not waited for), then mint one key per invited wallet plus one for the initiator
 * (payment-keys.ts). Keys derive from the payment, so a redeem may be repeated safely.
 */
import { type Signature, signature as toSignature } from '@solana/kit';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { Session } from '../session/session.ts';
import { type PaidChatDeps, walletAddress } from './paid-chat-deps.ts';
import type { ExpectedPayment } from './payment.ts';
import { type MintedKey, mintKeys } from './payment-keys.ts';
import { PAYMENT_WAIT_MS, submitPayment, verifyPaymentOnChain } from './payment-on-chain.ts';
import { openQuote, quoteMemo, walletToField } from './quote-seal.ts';

/** What a `minted` reply carries. */
export interface RedeemedChat {
  /** Every key of the chat, ordered by mint address. */
  keys: MintedKey[];
  /** The initiator's own key. */
  mine: string;
}

/** Redeems a paid quote for its keys, once the quoted payment is confirmed on chain. */
export async function redeemPaidChat(
  deps: PaidChatDeps,
  session: Session,
  frame: ClientFrameOf<'redeem'>,
): Promise<RedeemedChat> {
  const quote = openQuote(deps.master.quoteKey, frame.quote);
  if (!quote) throw new ProtocolError('bad_request', 'this quote was not issued by this server');
  const payer = walletAddress(session);
  if (quote.initiator !== walletToField(session.wallet))
    throw new ProtocolError('forbidden', 'this quote belongs to another wallet');
  const expected: ExpectedPayment = {
    payer,
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
  const minted = await mintKeys(deps, quote, signature);
  const mine = minted[minted.length - 1]!.mint;
  // Keys are listed by mint address, not in the order of the ghostIds: the initiator must not learn
  // which ghostId became which key (a key's holder is public on chain).
  const keys = [...minted].sort((a, b) => (a.mint < b.mint ? -1 : a.mint > b.mint ? 1 : 0));
  return { keys, mine };
}

function toSig(text: string): Signature {
  try {
    return toSignature(text);
  } catch {
    throw new ProtocolError('bad_request', 'signature is not a transaction signature');
  }
}
