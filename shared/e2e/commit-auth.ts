/**
 * The `auth` of a `commit` frame (PROTOCOL.md §3 "Handshake authorization"): an Ed25519 signature,
 * by the current epoch's handshake key or by the room's join key, over
 *
 *   UTF-8("anoghost/commit/v2\n" + handle + "\n" + epoch in decimal + "\n")
 *   ‖ SHA-256(commit bytes, empty when null) ‖ SHA-256(groupInfo bytes) ‖ nextKey (32 bytes)
 *
 * with `commit`, `groupInfo` and `nextKey` b64u-decoded. Pure and free of ts-mls, so the server and
 * tests use the same bytes; `verifyCommitAuth` is what the server's check must agree with.
 */
import { abytes } from '../crypto/bytes-assertions.ts';
import { selectEd25519Backend } from '../crypto/ed25519-signing.ts';
import { sha256 } from '../crypto/sha256-kdf.ts';
import { concatBytes, encodeUtf8 } from '../encoding.ts';

const COMMIT_AUTH_PREFIX = 'anoghost/commit/v2\n';
const NEXT_KEY_LENGTH = 32; // bytes, an Ed25519 public key
const SIGNATURE_LENGTH = 64; // bytes

/** The signed fields of a `commit` frame, decoded. */
export interface CommitAuthFields {
  /** The room handle of the frame. */
  handle: string;
  /** The frame's `epoch`: the server's counter this commit is meant for. */
  epoch: number;
  /** The MLS commit message; `null` only in the epoch-0 frame. */
  commit: Uint8Array | null;
  /** The sealed GroupInfo, as the frame carries it. */
  groupInfo: Uint8Array;
  /** The next epoch's handshake public key. */
  nextKey: Uint8Array;
}

/** The exact bytes `auth` signs. Throws `TypeError`/`RangeError` for malformed fields. */
export function commitAuthBytes(fields: CommitAuthFields): Uint8Array {
  const { handle, epoch } = fields;
  if (typeof handle !== 'string' || handle.length === 0)
    throw new TypeError('"handle" must be a non-empty string');
  if (!Number.isSafeInteger(epoch) || epoch < 0)
    throw new RangeError('"epoch" must be a non-negative safe integer');
  const commit = fields.commit === null ? new Uint8Array(0) : abytes(fields.commit, undefined, 'commit');
  return concatBytes(
    encodeUtf8(`${COMMIT_AUTH_PREFIX}${handle}\n${epoch}\n`),
    sha256(commit),
    sha256(abytes(fields.groupInfo, undefined, 'groupInfo')),
    abytes(fields.nextKey, NEXT_KEY_LENGTH, 'nextKey'),
  );
}

/** Signs the fields with an Ed25519 seed (a handshake or join key); returns the 64-byte `auth`. */
export async function signCommitAuth(fields: CommitAuthFields, seed: Uint8Array): Promise<Uint8Array> {
  const message = commitAuthBytes(fields);
  const signer = await (await selectEd25519Backend()).createSigner(seed);
  try {
    return await signer.sign(message);
  } finally {
    signer.wipe();
  }
}

/**
 * True when `signature` is a valid `auth` of the fields under `publicKey` (the handshake key the
 * server holds, or the join key). False, never a throw, for any malformed input.
 */
export async function verifyCommitAuth(
  fields: CommitAuthFields,
  signature: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  let message: Uint8Array;
  try {
    message = commitAuthBytes(fields);
    abytes(signature, SIGNATURE_LENGTH, 'signature');
    abytes(publicKey, NEXT_KEY_LENGTH, 'publicKey');
  } catch {
    return false;
  }
  try {
    const verifier = await (await selectEd25519Backend()).createVerifier(publicKey);
    return await verifier.verify(signature, message);
  } catch {
    return false; // not a valid Ed25519 point
  }
}
