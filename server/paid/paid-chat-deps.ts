/**
 * What every paid-chat operation (quote, redeem, accept, key list, join with a key) is given: the
 * server's keys, the treasury, the chain port, the price and the clock, and the one reading of a
 * session they all share, its wallet as a Solana address.
 */
import { type Address, getAddressDecoder, type KeyPairSigner } from '@solana/kit';
import type { InvitationKeys } from '../crypto/invitation-keys.ts';
import type { MasterKeys } from '../crypto/master-derivations.ts';
import type { GhostIds } from '../ghost/ghost-ids.ts';
import type { Session } from '../session/session.ts';
import type { PaidChain } from './paid-chain.ts';

/** The dependencies of the paid-chat operations. */
export interface PaidChatDeps {
  ghostIds: GhostIds;
  master: MasterKeys;
  /** Invitation ids, names and sealing (crypto/invitation-keys.ts). */
  invitationKeys: InvitationKeys;
  /** Pays for the keys, receives the payments, and is every key's update authority (which proves nothing). */
  treasury: KeyPairSigner;
  chain: PaidChain;
  /** The price of one key; a chat costs one per invitee plus one for the initiator. */
  priceLamports: bigint;
  now: () => number;
}

const ADDRESS_DECODER = getAddressDecoder();

/** The signed-in session's wallet as an address. */
export function walletAddress(session: Session): Address {
  return ADDRESS_DECODER.decode(session.wallet);
}
