/**
 * Pairwise seal for `signal` frames (PROTOCOL.md §3, DESIGN.md "sender keys"): the key is
 * `HKDF-SHA256(X25519(own secret, peer public), info = ctx)` and the box is XChaCha20-Poly1305
 * with a random nonce and AAD = ctx, where
 * `ctx = "anoghost/signal/v1" ‖ lp(room) ‖ lp(sender id) ‖ lp(recipient id) ‖ lp(sender X25519) ‖ lp(recipient X25519)`
 * (lp = 2-byte length prefix). The key is directional: A→B and B→A use different keys.
 *
 * Sealed layout: `version (1) = 0x01 ‖ nonce (24) ‖ ciphertext ‖ tag (16)`.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../encoding.ts';
import { openAead, sealAead } from './aead.ts';
import { abytes } from './bytes-assertions.ts';
import { encodeContext } from './derivation-context.ts';
import { PUBLIC_KEY_LENGTH, SECRET_KEY_LENGTH } from './member-keys.ts';
import { wipe } from './wipe.ts';

export const PAIRWISE_SEAL_VERSION = 0x01;
const SIGNAL_DOMAIN = 'anoghost/signal/v1';
const PAIRWISE_KEY_LENGTH = 32; // bytes

/** Who seals to whom, in which room. Both ends must build the same context. */
export interface PairwiseContext {
  room: string;
  senderId: string;
  recipientId: string;
  senderPublic: Uint8Array;
  recipientPublic: Uint8Array;
}

/** The context bytes used both as HKDF info and as AEAD associated data. */
export function encodePairwiseContext(ctx: PairwiseContext): Uint8Array {
  return encodeContext(
    SIGNAL_DOMAIN,
    ctx.room,
    ctx.senderId,
    ctx.recipientId,
    ctx.senderPublic,
    ctx.recipientPublic,
  );
}

/**
 * Derives the directional keys between us and one peer from one X25519 operation.
 * Throws when either key is not 32 bytes (`abytes`) or the peer key is low-order (noble rejects
 * an all-zero shared secret).
 */
export function derivePairwiseKeys(
  ownSecret: Uint8Array,
  peerPublic: Uint8Array,
  sendContext: PairwiseContext,
  receiveContext: PairwiseContext,
): { sendKey: Uint8Array; receiveKey: Uint8Array } {
  const shared = x25519.getSharedSecret(
    abytes(ownSecret, SECRET_KEY_LENGTH, 'ownSecret'),
    abytes(peerPublic, PUBLIC_KEY_LENGTH, 'peerPublic'),
  );
  try {
    return {
      sendKey: hkdf(sha256, shared, undefined, encodePairwiseContext(sendContext), PAIRWISE_KEY_LENGTH),
      receiveKey: hkdf(sha256, shared, undefined, encodePairwiseContext(receiveContext), PAIRWISE_KEY_LENGTH),
    };
  } finally {
    wipe(shared);
  }
}

/**
 * Seals `plaintext` for the recipient named in `ctx`. The nonce is random, drawn inside `sealAead`:
 * a pairwise key seals every signal between two members, so it must never be fixed.
 */
export function sealPairwise(sendKey: Uint8Array, ctx: PairwiseContext, plaintext: Uint8Array): Uint8Array {
  const box = sealAead(sendKey, plaintext, encodePairwiseContext(ctx));
  return concatBytes(Uint8Array.of(PAIRWISE_SEAL_VERSION), box);
}

/** Opens a pairwise seal; `undefined` on a wrong version, key, context or any tampering. */
export function openPairwise(
  receiveKey: Uint8Array,
  ctx: PairwiseContext,
  sealed: Uint8Array,
): Uint8Array | undefined {
  if (sealed[0] !== PAIRWISE_SEAL_VERSION) return undefined;
  return openAead(receiveKey, sealed.subarray(1), encodePairwiseContext(ctx));
}
