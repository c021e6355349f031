/**
 * The first of PROTOCOL.md §3's commit checks, shape and sizes, before the room is looked at:
 * `commit: null` and `joinKey` only in the epoch-0 frame (which must carry `joinKey`), `auth` in
 * every other frame, `commit` ≤ 64 KiB and `groupInfo` ≤ 128 KiB decoded (`too_large`), keys that
 * import as Ed25519 public keys, canonical base64url. The payload is decoded only for `auth`, once
 * the epoch matched, with Node's native base64 (the schema already checked the alphabet; a
 * groupInfo of 128 KiB decodes in a quarter of a millisecond, where the JavaScript decoder takes ten).
 */
import { b64uDecodedLength } from '../../shared/encoding.ts';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { MAX_COMMIT_BYTES, MAX_GROUP_INFO_BYTES } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import { commitAuthMessage } from '../crypto/commit-auth.ts';
import { type Ed25519PublicKey, importEd25519PublicKey } from '../crypto/ed25519-verify.ts';

const B64U_CHAR_VALUES = new Map(
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].map((c, i) => [c, i]),
);

/** A `commit` frame that passed shape and sizes, with its fields decoded. */
export interface CheckedCommit {
  readonly room: string;
  readonly epoch: number;
  readonly commit: string | null;
  readonly groupInfo: string;
  readonly nextKey: string;
  readonly nextKeyObject: Ed25519PublicKey;
  /** Only in the epoch-0 frame. */
  readonly joinKey: string | undefined;
  readonly joinKeyObject: Ed25519PublicKey | undefined;
  /** Absent only in the epoch-0 frame. */
  readonly auth: Uint8Array | undefined;
  /** The bytes `auth` signs (hashes the payload: computed only once the epoch matched). */
  authMessage(): Uint8Array;
}

/** Checks shape and sizes; `bad_request` or `too_large` otherwise. */
export function checkCommit(frame: ClientFrameOf<'commit'>): CheckedCommit {
  const first = frame.epoch === 0;
  if (first && frame.commit !== null) throw badCommit('the epoch-0 frame carries commit: null');
  if (first && frame.joinKey === undefined) throw badCommit('the epoch-0 frame must carry joinKey');
  if (!first && frame.commit === null) throw badCommit('commit: null is allowed only at epoch 0');
  if (!first && frame.joinKey !== undefined) throw badCommit('joinKey is allowed only at epoch 0');
  if (!first && frame.auth === undefined) throw badCommit('auth is required after epoch 0');
  if (frame.commit !== null && b64uDecodedLength(frame.commit.length) > MAX_COMMIT_BYTES) {
    throw new ProtocolError('too_large', `commit must be at most ${MAX_COMMIT_BYTES} bytes`);
  }
  if (b64uDecodedLength(frame.groupInfo.length) > MAX_GROUP_INFO_BYTES) {
    throw new ProtocolError('too_large', `groupInfo must be at most ${MAX_GROUP_INFO_BYTES} bytes`);
  }
  for (const [name, text] of [
    ['commit', frame.commit],
    ['groupInfo', frame.groupInfo],
    ['nextKey', frame.nextKey],
    ['joinKey', frame.joinKey],
    ['auth', frame.auth],
  ] as const) {
    if (text && !isCanonical(text)) throw badCommit(`${name} is not canonical base64url`);
  }
  const nextKeyBytes = decode(frame.nextKey);
  const nextKeyObject = importEd25519PublicKey(nextKeyBytes);
  if (!nextKeyObject) throw badCommit('nextKey is not an Ed25519 public key');
  let joinKeyObject: Ed25519PublicKey | undefined;
  if (frame.joinKey !== undefined) {
    joinKeyObject = importEd25519PublicKey(decode(frame.joinKey));
    if (!joinKeyObject) throw badCommit('joinKey is not an Ed25519 public key');
  }
  // In the epoch-0 frame `auth` is not checked (there is no key yet), so it is not decoded either.
  const auth = first || frame.auth === undefined ? undefined : decode(frame.auth);
  const { commit, groupInfo } = frame;
  return {
    room: frame.room,
    epoch: frame.epoch,
    commit: frame.commit,
    groupInfo: frame.groupInfo,
    nextKey: frame.nextKey,
    nextKeyObject,
    joinKey: frame.joinKey,
    joinKeyObject,
    auth,
    authMessage: () =>
      commitAuthMessage(
        frame.room,
        frame.epoch,
        commit === null ? null : decode(commit),
        decode(groupInfo),
        nextKeyBytes,
      ),
  };
}

/**
 * Whether b64u text that the schema already checked (alphabet, length) ends canonically: the
 * unused bits of its last character are zero, so one byte string has one spelling and what is
 * relayed and stored is exactly what was signed.
 */
function isCanonical(text: string): boolean {
  const spare = text.length % 4 === 2 ? 0x0f : text.length % 4 === 3 ? 0x03 : 0;
  return spare === 0 || ((B64U_CHAR_VALUES.get(text[text.length - 1]!) ?? 0) & spare) === 0;
}

/** Decodes b64u already checked by the schema and `isCanonical`. */
function decode(text: string): Uint8Array {
  return Buffer.from(text, 'base64url');
}

function badCommit(message: string): ProtocolError {
  return new ProtocolError('bad_request', message);
}
