/**
 * The invitations of a redeemed payment (docs/protocol.md §4 "Invitations"): one per live invitee
 * of the quote, with the envelope the initiator sealed for it. Invitation number `i` has an id
 * derived from the payment and `i`, and accepting it mints key number `i`; so a redeem repeated
 * after a restart re-creates exactly the invitations that were lost: not one whose key exists on
 * chain (accepted), not one the store remembers (pending, or declined while the store lives), not
 * one past its end.
 */
import { MAX_INVITE_LIFETIME_MS } from '../../shared/protocol/limits.ts';
import type { ChatTerms } from './invitation-record.ts';
import type { Invitations } from './invitations.ts';
import type { PaidChatDeps } from './paid-chat-deps.ts';
import { mintAddresses } from './payment-keys.ts';
import { type Quote, walletFromField } from './quote-seal.ts';

/** What the invitations of one payment are made from. */
export interface PaidChatInvites {
  quote: Quote;
  payment: string;
  chat: ChatTerms;
  /** One envelope per live invitee, in the quote's order. */
  envelopes: readonly string[];
}

/** Offers every invitation of the payment that is not known or answered; resolves with how many are new. */
export async function offerInvitations(
  deps: PaidChatDeps,
  invitations: Invitations,
  invites: PaidChatInvites,
): Promise<number> {
  const { quote, payment, chat, envelopes } = invites;
  // An invitation lives until the chat ends or 7 days after the quote, whichever is sooner: the
  // same end each time the payment is redeemed.
  const expiresAt = Math.min(chat.expiresAt, quote.issuedAt + MAX_INVITE_LIFETIME_MS);
  if (expiresAt <= deps.now()) return 0;
  const mints = await mintAddresses(deps.master, payment, quote.recipients.length);
  const accounts = await deps.chain.accounts(mints);
  const offered = await Promise.all(
    quote.recipients.map(async (recipient, index) => {
      if (accounts[index]!.exists) return false; // accepted: its key is on chain
      const wallet = walletFromField(recipient);
      try {
        return await invitations.offer({
          id: deps.invitationKeys.inviteId(payment, index),
          wallet,
          envelope: envelopes[index]!,
          expiresAt,
          payment,
          index,
          chat,
        });
      } finally {
        wallet.fill(0);
      }
    }),
  );
  return offered.filter(Boolean).length;
}
