/**
 * One-time holders (PROTOCOL.md §4, docs/protocol.md §4 "Holders"): the Solana addresses keys are
 * minted to, so no key names its owner's wallet on chain. A client derives each from its
 * per-install secret, so it can find its keys again (`keys` with the holders) without storing
 * more than that secret:
 * `seed = HKDF-SHA256(ikm = installSecret, salt = none, info = "anoghost/holder/v2" ‖ lp(purpose) ‖ lp(id))`,
 * an RFC 8032 Ed25519 seed whose public key is the holder address. `purpose` is `initiator` (then
 * `id` is the quote id the payment's memo names, `anoghost:quote:<id>`) or `invitee` (then `id`
 * is the invitation id). Nobody without the install secret can link two holders, or a holder to a
 * wallet. Nothing needs the holder's secret key today (the treasury pays every mint); it is there
 * should a holder ever have to sign (close its token account, say).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeBase58 } from '../encoding.ts';
import { abytes } from './bytes-assertions.ts';
import { encodeContext } from './derivation-context.ts';

export const INSTALL_SECRET_LENGTH = 32; // bytes
export const HOLDER_SEED_LENGTH = 32; // bytes, an RFC 8032 seed
const HOLDER_DOMAIN = 'anoghost/holder/v2';

/** Whose key a holder will hold: the initiator's own, or one accepted from an invitation. */
export type HolderPurpose = 'initiator' | 'invitee';

/** The Ed25519 seed of the one-time holder for `purpose` and `id` (a non-empty string). */
export function deriveHolderSeed(installSecret: Uint8Array, purpose: HolderPurpose, id: string): Uint8Array {
  abytes(installSecret, INSTALL_SECRET_LENGTH, 'installSecret');
  if (purpose !== 'initiator' && purpose !== 'invitee')
    throw new RangeError('purpose must be initiator or invitee');
  if (id.length === 0) throw new RangeError('id must not be empty');
  return hkdf(
    sha256,
    installSecret,
    undefined,
    encodeContext(HOLDER_DOMAIN, purpose, id),
    HOLDER_SEED_LENGTH,
  );
}

/** The holder's address (base58 Ed25519 public key) of a seed from `deriveHolderSeed`. */
export function holderAddressOf(seed: Uint8Array): string {
  return encodeBase58(ed25519.getPublicKey(abytes(seed, HOLDER_SEED_LENGTH, 'seed')));
}

/** `holderAddressOf(deriveHolderSeed(…))`, wiping the seed. */
export function deriveHolderAddress(installSecret: Uint8Array, purpose: HolderPurpose, id: string): string {
  const seed = deriveHolderSeed(installSecret, purpose, id);
  try {
    return holderAddressOf(seed);
  } finally {
    seed.fill(0);
  }
}
