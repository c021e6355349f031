/**
 * Handshake authorization (PROTOCOL.md §3): `auth` is an Ed25519 signature, by the room's current
 * handshake key or its join key, over
 * UTF-8(`anoghost/commit/v2\n` + handle + `\n` + epoch + `\n`) ‖ SHA-256(commit, empty when null)
 * ‖ SHA-256(groupInfo) ‖ nextKey. The server only verifies; it learns no secret, and a connection
 * outside the MLS group (or garbage) cannot produce a signature that verifies.
 */
import { createHash } from 'node:crypto';
import { type Ed25519PublicKey, verifyEd25519, verifyEd25519Sync } from './ed25519-verify.ts';

const COMMIT_AUTH_DOMAIN = 'anoghost/commit/v2\n';
const EMPTY = new Uint8Array(0);

/** The bytes `auth` signs. */
export function commitAuthMessage(
  handle: string,
  epoch: number,
  commit: Uint8Array | null,
  groupInfo: Uint8Array,
  nextKey: Uint8Array,
): Uint8Array {
  const head = Buffer.from(`${COMMIT_AUTH_DOMAIN}${handle}\n${epoch}\n`, 'utf8');
  const commitHash = createHash('sha256')
    .update(commit ?? EMPTY)
    .digest();
  const groupInfoHash = createHash('sha256').update(groupInfo).digest();
  return Buffer.concat([head, commitHash, groupInfoHash, nextKey]);
}

/** Whether `auth` verifies under any of `keys` (imported keys; the caller's thread). */
export function verifyCommitAuthSync(
  message: Uint8Array,
  auth: Uint8Array,
  keys: ReadonlyArray<Ed25519PublicKey | undefined>,
): boolean {
  return keys.some((key) => key !== undefined && verifyEd25519Sync(key, message, auth));
}

/**
 * Whether `auth` verifies under any of `keys` (raw 32-byte keys), on libuv's thread pool; the
 * keys are tried in order. Never rejects.
 */
export async function verifyCommitAuth(
  message: Uint8Array,
  auth: Uint8Array,
  keys: ReadonlyArray<Uint8Array | undefined>,
): Promise<boolean> {
  for (const key of keys) if (key !== undefined && (await verifyEd25519(key, message, auth))) return true;
  return false;
}
