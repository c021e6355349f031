/**
 * What derives from a room's secret S (docs/rooms-mls.md "The room secret S and what derives from
 * it"), and the handshake key each MLS epoch exports:
 * - GroupInfo key = HKDF(S, `anoghost/group-info-key/v2` ‖ handle), seals the GroupInfo the server keeps;
 * - join key seed = HKDF(S, `anoghost/join-key/v2` ‖ handle), signs `auth` of external commits;
 * - handshake key seed = MLS-Exporter(`anoghost/handshake-key/v2`, UTF-8(handle), 32), signs `auth`
 *   of every other commit.
 * HKDF is HKDF-SHA256 without salt, `info` = `encodeContext(domain, handle)`. Seeds are RFC 8032
 * Ed25519 seeds. Every function returns fresh arrays the caller owns and wipes.
 */
import { mlsExporter } from 'ts-mls';
import { abytes } from '../crypto/bytes-assertions.ts';
import { encodeContext } from '../crypto/derivation-context.ts';
import { deriveEd25519PublicKey } from '../crypto/ed25519-signing.ts';
import { hkdfSha256 } from '../crypto/sha256-kdf.ts';
import { encodeUtf8 } from '../encoding.ts';
import { MAX_ROOM_HANDLE_CHARS } from '../protocol/limits.ts';
import type { MlsCrypto } from './mls-crypto.ts';

export const ROOM_SECRET_LENGTH = 32; // bytes
export const ROOM_KEY_LENGTH = 32; // bytes, the GroupInfo key and every Ed25519 seed
const GROUP_INFO_KEY_DOMAIN = 'anoghost/group-info-key/v2';
const JOIN_KEY_DOMAIN = 'anoghost/join-key/v2';
export const HANDSHAKE_KEY_LABEL = 'anoghost/handshake-key/v2';

/** An Ed25519 key pair from a seed: the join key or an epoch's handshake key. */
export interface RoomSigningKey {
  seed: Uint8Array;
  publicKey: Uint8Array;
}

/** The key that seals this room's GroupInfo (XChaCha20-Poly1305, group-info-seal.ts). */
export function deriveGroupInfoKey(secret: Uint8Array, handle: string): Uint8Array {
  return hkdfSha256(
    checkSecret(secret),
    encodeContext(GROUP_INFO_KEY_DOMAIN, checkHandle(handle)),
    ROOM_KEY_LENGTH,
  );
}

/** The seed of the room's join key, whose public half the creator publishes as `joinKey`. */
export function deriveJoinKeySeed(secret: Uint8Array, handle: string): Uint8Array {
  return hkdfSha256(
    checkSecret(secret),
    encodeContext(JOIN_KEY_DOMAIN, checkHandle(handle)),
    ROOM_KEY_LENGTH,
  );
}

/** The join key pair (`deriveJoinKeySeed` and its public key). */
export function deriveJoinKey(secret: Uint8Array, handle: string): RoomSigningKey {
  const seed = deriveJoinKeySeed(secret, handle);
  return { seed, publicKey: deriveEd25519PublicKey(seed) };
}

/**
 * The handshake key seed of one epoch, from that epoch's MLS exporter secret (RFC 9420 §8.5):
 * MLS-Exporter(`anoghost/handshake-key/v2`, UTF-8(handle), 32).
 */
export async function deriveHandshakeKeySeed(
  exporterSecret: Uint8Array,
  handle: string,
  crypto: MlsCrypto,
): Promise<Uint8Array> {
  abytes(exporterSecret, undefined, 'exporterSecret');
  return mlsExporter(
    exporterSecret,
    HANDSHAKE_KEY_LABEL,
    encodeUtf8(checkHandle(handle)),
    ROOM_KEY_LENGTH,
    crypto.impl,
  );
}

/** The handshake key pair of one epoch (`deriveHandshakeKeySeed` and its public key). */
export async function deriveHandshakeKey(
  exporterSecret: Uint8Array,
  handle: string,
  crypto: MlsCrypto,
): Promise<RoomSigningKey> {
  const seed = await deriveHandshakeKeySeed(exporterSecret, handle, crypto);
  return { seed, publicKey: deriveEd25519PublicKey(seed) };
}

function checkSecret(secret: Uint8Array): Uint8Array {
  return abytes(secret, ROOM_SECRET_LENGTH, 'secret');
}

/** A room handle as frames carry it: 1 … 64 characters. */
export function checkHandle(handle: string): string {
  if (typeof handle !== 'string' || handle.length === 0 || handle.length > MAX_ROOM_HANDLE_CHARS) {
    throw new TypeError(`"handle" must be a string of 1 … ${MAX_ROOM_HANDLE_CHARS} characters`);
  }
  return handle;
}
