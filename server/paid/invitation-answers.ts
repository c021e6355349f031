/**
 * `accept` and `decline` (PROTOCOL.md §4): the invitee's answers. Either takes the invitation out
 * of the store first, so exactly one answer wins across sessions and instances; the loser, and any
 * replay, gets `invite_expired`. Accepting mints the invitation's key now, to the one-time holder
 * the invitee's client made, bound to the accepting session's wallet (the invitee's: another
 * wallet's session does not find the invitation, `not_found`). If the mint cannot be made (the
 * chain is down) the invitation is put back and can be accepted again. The initiator is told
 * nothing.
 */
import { address } from '@solana/kit';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { Session } from '../session/session.ts';
import type { Invitations } from './invitations.ts';
import type { PaidChatDeps } from './paid-chat-deps.ts';
import { mintKey } from './payment-keys.ts';

/** Accepts an invitation; resolves with the key's mint address. */
export async function acceptInvitation(
  deps: PaidChatDeps,
  invitations: Invitations,
  session: Session,
  frame: ClientFrameOf<'accept'>,
): Promise<string> {
  const invitation = await invitations.take(session, frame.invite);
  let minted: Awaited<ReturnType<typeof mintKey>>;
  try {
    minted = await mintKey(deps, {
      payment: invitation.payment,
      index: invitation.index,
      holder: address(frame.holder),
      wallet: session.wallet,
      chat: invitation.chat,
    });
  } catch (error) {
    await invitations.restore(invitation).catch(() => {}); // the answer failed: it stays open
    throw error;
  } finally {
    invitation.wallet.fill(0);
  }
  // The key existed already: an answer that outlived the store's memory of it (a restart).
  if (!minted.created) throw new ProtocolError('invite_expired', 'this invitation was answered already');
  return minted.mint;
}

/** Declines an invitation: it is gone, and not offered again while the store remembers it. */
export async function declineInvitation(
  invitations: Invitations,
  session: Session,
  id: string,
): Promise<void> {
  const invitation = await invitations.take(session, id);
  invitation.wallet.fill(0);
}
