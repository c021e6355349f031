/**
 * Who a member is inside a room (docs/rooms-mls.md "Members and credentials"): its leaf signature
 * key is a per-room identity, HKDF(install secret, `anoghost/room-identity/v2` ‖ kind ‖ room), so
 * it is stable across reconnects of one room and unlinkable between rooms; members compare its
 * fingerprint out of band.
 *
 * Fingerprint: SHA-256(`anoghost/fingerprint/v2` ‖ signature public key), its first 11 bytes as a
 * big-endian integer mod 10^25, in five groups of five digits (83 bits: a look-alike key costs
 * ~2^83 key generations).
 */
import { abytes } from '../crypto/bytes-assertions.ts';
import { encodeContext } from '../crypto/derivation-context.ts';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { hkdfSha256, sha256 } from '../crypto/sha256-kdf.ts';
import { concatBytes, encodeUtf8 } from '../encoding.ts';

export const INSTALL_SECRET_LENGTH = 32; // bytes
export const IDENTITY_SEED_LENGTH = 32; // bytes, an RFC 8032 Ed25519 seed
const SIGNATURE_PUBLIC_KEY_LENGTH = 32; // bytes
const IDENTITY_DOMAIN = 'anoghost/room-identity/v2';
const FINGERPRINT_DOMAIN = 'anoghost/fingerprint/v2';
const FINGERPRINT_BYTES = 11;
const FINGERPRINT_GROUPS = 5;
const FINGERPRINT_GROUP_DIGITS = 5;
const MAX_ROOM_CHARS = 64; // a roomId (43) or a mint address (≤ 44)

/** Which kind of room an identity is for: `room` is the roomId (free) or the key's mint (paid). */
export type RoomKind = 'free' | 'paid';

/** Draws the per-install secret the extension keeps in `storage.local`. */
export function generateInstallSecret(): Uint8Array {
  return generateRandomBytes(INSTALL_SECRET_LENGTH);
}

/** This install's identity seed in one room (an Ed25519 seed; the caller wipes it). */
export function deriveIdentitySeed(installSecret: Uint8Array, kind: RoomKind, room: string): Uint8Array {
  abytes(installSecret, INSTALL_SECRET_LENGTH, 'installSecret');
  if (kind !== 'free' && kind !== 'paid') throw new TypeError('"kind" must be "free" or "paid"');
  if (typeof room !== 'string' || room.length === 0 || room.length > MAX_ROOM_CHARS) {
    throw new TypeError(`"room" must be a string of 1 … ${MAX_ROOM_CHARS} characters`);
  }
  return hkdfSha256(installSecret, encodeContext(IDENTITY_DOMAIN, kind, room), IDENTITY_SEED_LENGTH);
}

/** The fingerprint of a signature public key (32 bytes), e.g. `"04127 99310 58213 00927 61554"`. */
export function fingerprintOf(signaturePublicKey: Uint8Array): string {
  abytes(signaturePublicKey, SIGNATURE_PUBLIC_KEY_LENGTH, 'signaturePublicKey');
  const digest = sha256(concatBytes(encodeUtf8(FINGERPRINT_DOMAIN), signaturePublicKey));
  let value = 0n;
  for (let i = 0; i < FINGERPRINT_BYTES; i++) value = (value << 8n) | BigInt(digest[i]!);
  const digits = (value % 10n ** BigInt(FINGERPRINT_GROUPS * FINGERPRINT_GROUP_DIGITS))
    .toString()
    .padStart(FINGERPRINT_GROUPS * FINGERPRINT_GROUP_DIGITS, '0');
  const groups: string[] = [];
  for (let g = 0; g < FINGERPRINT_GROUPS; g++) {
    groups.push(digits.slice(g * FINGERPRINT_GROUP_DIGITS, (g + 1) * FINGERPRINT_GROUP_DIGITS));
  }
  return groups.join(' ');
}
