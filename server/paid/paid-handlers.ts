/**
 * Frame handlers for paid chats (PROTOCOL.md §4) and the paid-room join used by the room core.
 * Chain outages become `unavailable` with a message that says nothing is lost: a payment can be
 * redeemed again later.
 */

import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import { ChainUnavailableError } from '../chain/solana-client.ts';
import type { PaidJoin } from '../rooms/room-handlers.ts';
import type { FrameHandlers, Session } from '../session/session.ts';
import { ChainBudget, type ChainWork } from './chain-budget.ts';
import { resolvePaidRoom } from './key-join.ts';
import { listKeys } from './key-list.ts';
import { KeyTooLargeError } from './key-mint.ts';
import { AttributeError } from './nft-attributes.ts';
import type { PaidChatDeps } from './paid-chat-deps.ts';
import { quotePaidChat } from './quote.ts';
import { redeemPaidChat } from './redeem.ts';

/**
 * The `quote`, `redeem` and `keys` handlers and the paid-room join, under the chain budgets
 * (chain-budget.ts): quote and redeem are `write` work, keys and joins `read` work.
 */
export function createPaidHandlers(deps: PaidChatDeps): { handlers: FrameHandlers; joinPaid: PaidJoin } {
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
        const minted = await onChain(session, 'write', () => redeemPaidChat(deps, session, frame));
        session.reply(frame, { t: 'minted', id: frame.id, ...minted });
      },
      keys: async (session, frame) => {
        const keys = await onChain(session, 'read', () => listKeys(deps, session));
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
        {
          cause: error,
        },
      );
    }
    if (error instanceof KeyTooLargeError || error instanceof AttributeError) {
      throw new ProtocolError('bad_request', 'the chat name is too long to fit a key', { cause: error });
    }
    throw error;
  }
}
