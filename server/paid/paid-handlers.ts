/**
 * Frame handlers for paid chats (PROTOCOL.md §4) and the paid-room join used by the room core.
 * Chain outages become `unavailable` with a message that says nothing is lost: a payment can be
 * redeemed again later, an invitation accepted again.
 */

import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import { ChainUnavailableError } from '../chain/solana-client.ts';
import type { PaidJoin } from '../rooms/room-handlers.ts';
import type { FrameHandlers, Session } from '../session/session.ts';
import { ChainBudget, type ChainWork } from './chain-budget.ts';
import { acceptInvitation, declineInvitation } from './invitation-answers.ts';
import { InvitationsUnavailableError } from './invitation-store.ts';
import type { Invitations } from './invitations.ts';
import { resolvePaidRoom } from './key-join.ts';
import { listKeys } from './key-list.ts';
import type { PaidChatDeps } from './paid-chat-deps.ts';
import { quotePaidChat } from './quote.ts';
import { redeemPaidChat } from './redeem.ts';

/**
 * The paid-chat handlers and the paid-room join, under the chain budgets (chain-budget.ts): quote,
 * redeem and accept are `write` work, keys and joins `read` work; `invites` and `decline` touch
 * only the invitation store.
 */
export function createPaidHandlers(
  deps: PaidChatDeps,
  invitations: Invitations,
): { handlers: FrameHandlers; joinPaid: PaidJoin } {
  const budget = new ChainBudget();
  const onChain = <T>(session: Session, kind: ChainWork, work: () => Promise<T>) =>
    explain(budget.run(session, kind, work));
  return {
    handlers: {
      quote: async (session, frame) => {
        const quote = await onChain(session, 'write', () => quotePaidChat(deps, session, frame));
        session.reply(frame, { t: 'quote', id: frame.id, ...quote });
      },
      redeem: async (session, frame) => {
        const minted = await onChain(session, 'write', () =>
          redeemPaidChat(deps, invitations, session, frame),
        );
        session.reply(frame, { t: 'minted', id: frame.id, ...minted });
      },
      invites: async (session, frame) => {
        const list = await explain(invitations.pendingFor(session));
        session.reply(frame, { t: 'invites', id: frame.id, invites: list });
      },
      accept: async (session, frame) => {
        const mint = await onChain(session, 'write', () =>
          acceptInvitation(deps, invitations, session, frame),
        );
        session.reply(frame, { t: 'accepted', id: frame.id, mint });
      },
      decline: async (session, frame) => {
        await explain(declineInvitation(invitations, session, frame.invite));
        session.reply(frame, { t: 'declined', id: frame.id });
      },
      keys: async (session, frame) => {
        const keys = await onChain(session, 'read', () => listKeys(deps, session, frame.holders));
        session.reply(frame, { t: 'keys', id: frame.id, keys });
      },
    },
    joinPaid: (session, frame) => onChain(session, 'read', () => resolvePaidRoom(deps, session, frame)),
  };
}

async function explain<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ChainUnavailableError) {
      throw new ProtocolError(
        'unavailable',
        'the Solana network cannot be reached right now; nothing was lost, try again',
        { cause: error },
      );
    }
    if (error instanceof InvitationsUnavailableError) {
      throw new ProtocolError('unavailable', 'invitations cannot be reached right now; try again', {
        cause: error,
      });
    }
    throw error;
  }
}
