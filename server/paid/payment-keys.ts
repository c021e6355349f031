/**
 * The keys of one payment (docs/protocol.md §4 "Keys and ids"): key number `index` of a payment
 * sits at a mint address derived from the master key, the payment signature and the index. The
 * invitees' keys are numbers 0 … n−1 (minted when each accepts), the initiator's is number n
 * (minted at redeem). Minting checks first whether the key exists, so a repeated redeem or a
 * replayed accept never mints twice; whoever asks after it exists learns that (`created: false`).
 */
import {
  type Address,
  createKeyPairSignerFromPrivateKeyBytes,
  getAddressEncoder,
  type KeyPairSigner,
} from '@solana/kit';
import type { MasterKeys } from '../crypto/master-derivations.ts';
import type { ChatTerms } from './invitation-record.ts';
import { buildKeyTransaction, KEY_NAME } from './key-mint.ts';
import { sealGhostAttribute, sealRoomAttribute } from './nft-attributes.ts';
import type { PaidChatDeps } from './paid-chat-deps.ts';

/** Which key to mint, to whom, bound to which wallet. */
export interface KeyOrder {
  payment: string;
  index: number;
  /** Where the token goes: a one-time address. */
  holder: Address;
  /** The wallet the key is bound to (its sealed `ghost`), 32 bytes; never on chain in clear. */
  wallet: Uint8Array;
  chat: ChatTerms;
}

/** A key minted, or found minted already. */
export interface MintedKey {
  mint: Address;
  /** `false` when the key existed before this call. */
  created: boolean;
}

/** Mints the key `order` names unless it exists already. */
export async function mintKey(deps: PaidChatDeps, order: KeyOrder): Promise<MintedKey> {
  const mint = await deriveMintSigner(deps.master, order.payment, order.index);
  if ((await deps.chain.account(mint.address)).exists) return { mint: mint.address, created: false };
  const mintBytes = new Uint8Array(getAddressEncoder().encode(mint.address));
  const room = sealRoomAttribute(deps.master.attributeKey, mintBytes, {
    roomId: deps.master.paidRoomId(order.payment),
    ...order.chat,
  });
  const ghost = sealGhostAttribute(deps.master.attributeKey, mintBytes, order.wallet);
  const blockhash = await deps.chain.latestBlockhash();
  const tx = await buildKeyTransaction(
    deps.treasury,
    { mint, recipient: order.holder, name: KEY_NAME, room, ghost },
    blockhash,
    (space) => deps.chain.rentFor(space),
  );
  try {
    await deps.chain.sendAndConfirm(tx);
    return { mint: mint.address, created: true };
  } catch (error) {
    // The confirmation may have been lost after it landed, or (for the initiator's key) another
    // redeem created it meanwhile: it exists, which is what was asked. Counted as created: an
    // invitee's key is minted only by the accept that took its invitation.
    if ((await deps.chain.account(mint.address)).exists) return { mint: mint.address, created: true };
    throw error;
  }
}

/** The mint addresses of keys `0 … count−1` of the payment `payment`. */
export async function mintAddresses(master: MasterKeys, payment: string, count: number): Promise<Address[]> {
  const signers = await Promise.all(
    Array.from({ length: count }, (_, index) => deriveMintSigner(master, payment, index)),
  );
  return signers.map((s) => s.address);
}

/** The key mint keypair number `index` of the payment `signature` (deterministic). */
export function deriveMintSigner(
  master: MasterKeys,
  signature: string,
  index: number,
): Promise<KeyPairSigner> {
  return createKeyPairSignerFromPrivateKeyBytes(master.mintSeed(signature, index));
}
