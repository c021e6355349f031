/**
 * The keys of one payment (docs/protocol.md §4 "Keys"): one per invited wallet plus one for the
 * initiator, each at a mint address derived from the payment signature and its index. A repeated
 * redeem (after a crash, a restart, on another instance) finds the keys already made and mints
 * only what is missing, never twice.
 */
import {
  createKeyPairSignerFromPrivateKeyBytes,
  getAddressDecoder,
  getAddressEncoder,
  type KeyPairSigner,
  type Signature,
} from '@solana/kit';
import type { MasterKeys } from '../crypto/master-derivations.ts';
import { buildKeyTransaction, SEALED_NAME_TITLE } from './key-mint.ts';
import { sealGhostAttribute, sealRoomAttribute } from './nft-attributes.ts';
import type { PaidChatDeps } from './paid-chat-deps.ts';
import { type Quote, walletFromField } from './quote-seal.ts';

/** A key of a redeemed payment and the transaction that created it. */
export interface MintedKey {
  mint: string;
  tx: string;
}

/** Mints every key of the payment `signature` that does not exist yet; the initiator's is last. */
export function mintKeys(deps: PaidChatDeps, quote: Quote, signature: Signature): Promise<MintedKey[]> {
  const count = quote.recipients.length + 1;
  return Promise.all(Array.from({ length: count }, (_, index) => mintKey(deps, quote, signature, index)));
}

/**
 * Mints key number `index` of a redeemed payment unless it exists already. Recipients are the
 * quote's invitees in order, then the initiator (whose key is last).
 */
export async function mintKey(
  deps: PaidChatDeps,
  quote: Quote,
  signature: Signature,
  index: number,
): Promise<MintedKey> {
  const recipientField = index < quote.recipients.length ? quote.recipients[index]! : quote.initiator;
  const recipientBytes = walletFromField(recipientField);
  const mint = await deriveMintSigner(deps.master, signature, index);
  const existing = await deps.chain.account(mint.address);
  if (existing.exists) return { mint: mint.address, tx: await deps.chain.creationSignature(mint.address) };
  const mintBytes = new Uint8Array(getAddressEncoder().encode(mint.address));
  const room = sealRoomAttribute(deps.master.attributeKey, mintBytes, {
    roomId: deps.master.paidRoomId(signature),
    expiresAt: Math.floor((quote.issuedAt + quote.ttl * 1000) / 1000) * 1000,
    msgTtl: quote.msgTtl,
    sealedName: quote.sealName ? quote.name : null,
  });
  const ghost = sealGhostAttribute(deps.master.attributeKey, mintBytes, recipientBytes);
  const name = quote.sealName ? SEALED_NAME_TITLE : quote.name;
  const blockhash = await deps.chain.latestBlockhash();
  const recipient = getAddressDecoder().decode(recipientBytes);
  recipientBytes.fill(0);
  const tx = await buildKeyTransaction(
    deps.treasury,
    { mint, recipient, name, room, ghost },
    blockhash,
    (space) => deps.chain.rentFor(space),
  );
  try {
    return { mint: mint.address, tx: await deps.chain.sendAndConfirm(tx) };
  } catch (error) {
    // Another redeem (another instance) may have created it meanwhile: that is success too.
    const now = await deps.chain.account(mint.address);
    if (now.exists) return { mint: mint.address, tx: await deps.chain.creationSignature(mint.address) };
    throw error;
  }
}

/** The key mint keypair number `index` of the payment `signature` (deterministic). */
export function deriveMintSigner(
  master: MasterKeys,
  signature: string,
  index: number,
): Promise<KeyPairSigner> {
  return createKeyPairSignerFromPrivateKeyBytes(master.mintSeed(signature, index));
}
