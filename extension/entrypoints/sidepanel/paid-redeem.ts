/**
 * Paying for a paid chat and redeeming it (docs/extension.md "Paid chats (version 2)"): the envelopes are
 * sealed first, the initiator's one-time holder asked of the background (it derives from the
 * install secret and the quote id the memo names), then the background's payment guard checks
 * the transaction and has the wallet sign it, the server submits it and mints; the initiator's
 * key is kept with S, the name and what "send the invitations again" needs. Failures become one
 * sentence: not enough SOL (with the amount), the payment window passed, the wallet refused.
 */
import { type AnoGhostClient, ProtocolError, type Quote } from '../../../shared/client/index.ts';
import { formatSol } from '../../../shared/solana/lamports.ts';
import { askBackground } from '../../messaging/background-requests.ts';
import type { PaymentReview } from '../../messaging/page-requests.ts';
import type { PaidKey } from '../../storage/paid-keys.ts';
import { describeError } from '../../ui/error-messages.ts';
import type { PastedCard } from './ghost-card-lines.ts';
import { type ChatTerms, sealInvitations } from './paid-envelopes.ts';

/** A quote whose payment the background decoded and checked, with the cards it was asked for. */
export interface Offer {
  quote: Quote;
  review: PaymentReview;
  cards: PastedCard[];
}

/** Pays `offer` and redeems it; resolves with the initiator's key (its mint). */
export async function payAndRedeem(
  client: AnoGhostClient,
  { quote, review, cards }: Offer,
  terms: ChatTerms,
  onMinting: () => void,
): Promise<string> {
  const sealed = sealInvitations(quote, cards, terms);
  const holder = await askBackground({ type: 'initiator-holder', quoteId: review.quoteId });
  const tx = await askBackground({
    type: 'sign-transaction',
    tx: quote.tx,
    lamports: quote.lamports,
    ...(review.firstUse ? { trustTreasury: review.destination } : {}),
  });
  onMinting();
  const minted = await client.redeem({ quote: quote.quote, tx, holder, invites: sealed.invites });
  await askBackground({
    type: 'keep-paid-key',
    quoteId: review.quoteId,
    mint: minted.mine,
    secret: sealed.secret,
    name: terms.name,
    expiresAt: sealed.expiresAt,
    msgTtl: terms.msgTtl,
    resend: { quote: quote.quote, tx, invites: sealed.invites },
  });
  return minted.mine;
}

/**
 * Redeems the same payment again (idempotent on the server): invitations lost, say in a server
 * restart, are offered again; accepted or declined ones are not. Resolves with how many invitees
 * the chat has.
 */
export async function resendInvitations(client: AnoGhostClient, key: PaidKey): Promise<number> {
  if (!key.resend) throw new Error('Only the chat’s creator can send its invitations again.');
  const { quote, tx, invites } = key.resend;
  return (await client.redeem({ quote, tx, holder: key.holder, invites })).invited;
}

/** Whether the payment could not land because its window (`payBy`) passed: quote again. */
export function isLapsedPayment(error: unknown): boolean {
  if (!(error instanceof ProtocolError)) return false;
  if (error.code === 'quote_expired') return true;
  return error.code === 'payment_failed' && /blockhash/i.test(error.message);
}

/** One sentence for a failed payment or redeem of `lamports`. */
export function describePaymentError(error: unknown, lamports: string): string {
  if (error instanceof ProtocolError && error.code === 'payment_failed') {
    if (/insufficient|prior credit|debit/i.test(error.message))
      return `Not enough SOL in your wallet: this chat costs ${formatSol(BigInt(lamports))} SOL plus the network fee. Nothing was paid.`;
    if (/blockhash/i.test(error.message))
      return 'The wallet signed after the payment window (about a minute) had passed. Nothing was paid: here is a new price.';
  }
  if (error instanceof ProtocolError && error.code === 'quote_expired')
    return 'The price quote expired before the payment: here is a new price.';
  const message = describeError(error);
  if (message.startsWith('The wallet refused'))
    return 'You declined the payment in the wallet. Nothing was paid.';
  return message;
}
