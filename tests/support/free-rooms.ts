/**
 * Free rooms over the raw protocol (PROTOCOL.md §3, version 2): fresh room ids, a join, and the
 * handshake frames. The server knows nothing of MLS, so tests play the clients' handshake keys
 * with plain Ed25519 keys (test-wallet.ts) and opaque random bytes for commits and GroupInfos.
 * `auth` is built here from PROTOCOL.md's words, not with the server's code.
 */
import { createHash, randomBytes } from 'node:crypto';
import { encodeB64u } from '../../shared/encoding.ts';
import type { Frame, FrameClient } from './frame-client.ts';
import { createTestKey, type TestKey } from './test-wallet.ts';

export const newRoomId = () => encodeB64u(randomBytes(32));
/** Opaque bytes standing in for an MLS commit or a sealed GroupInfo. */
export const opaque = (bytes = 200) => encodeB64u(randomBytes(bytes));

/** Sends a free-room join (`extra` adds or overrides fields) and waits for its reply (joined or error). */
export function joinRoom(client: FrameClient, room: string, extra: Record<string, unknown> = {}) {
  return client.request({ t: 'join', room, ...extra }, 8000);
}

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

/** PROTOCOL.md §3: the bytes `auth` signs. */
export function commitAuthBytes(
  handle: string,
  epoch: number,
  commit: string | null,
  groupInfo: string,
  nextKey: string,
): Uint8Array {
  return Buffer.concat([
    Buffer.from(`anoghost/commit/v2\n${handle}\n${epoch}\n`, 'utf8'),
    sha256(commit === null ? new Uint8Array(0) : Buffer.from(commit, 'base64url')),
    sha256(Buffer.from(groupInfo, 'base64url')),
    Buffer.from(nextKey, 'base64url'),
  ]);
}

export interface CommitSpec {
  room: string;
  epoch: number;
  /** Defaults: fresh opaque bytes (null at epoch 0). */
  commit?: string | null;
  groupInfo?: string;
  /** The key the commit names for the next epoch (default: a fresh one). */
  next?: TestKey;
  /** The key `auth` is made with; none: no `auth`. */
  signer?: TestKey;
  joinKey?: TestKey;
}

/** A `commit` frame and the key it hands on. */
export function commitFrame(spec: CommitSpec): { frame: Record<string, unknown>; next: TestKey } {
  const next = spec.next ?? createTestKey();
  const commit = spec.commit === undefined ? (spec.epoch === 0 ? null : opaque()) : spec.commit;
  const groupInfo = spec.groupInfo ?? opaque(300);
  const nextKey = b64u(next.publicKey);
  const frame: Record<string, unknown> = {
    t: 'commit',
    room: spec.room,
    epoch: spec.epoch,
    commit,
    groupInfo,
    nextKey,
  };
  if (spec.signer) {
    frame.auth = b64u(spec.signer.sign(commitAuthBytes(spec.room, spec.epoch, commit, groupInfo, nextKey)));
  }
  if (spec.joinKey) frame.joinKey = b64u(spec.joinKey.publicKey);
  return { frame, next };
}

/** A room's group as the tests play it: the keys in force and what the server should hold. */
export interface TestGroup {
  room: string;
  epoch: number;
  handshakeKey: TestKey;
  joinKey: TestKey;
  groupInfo: string;
}

/** Sends the epoch-0 frame for `room` (the creator publishes the group) and checks `committed`. */
export async function createGroup(client: FrameClient, room: string): Promise<TestGroup> {
  const joinKey = createTestKey();
  const groupInfo = opaque(300);
  const { frame, next } = commitFrame({ room, epoch: 0, groupInfo, joinKey });
  const reply = await client.request(frame);
  if (reply.t !== 'committed' || reply.epoch !== 1)
    throw new Error(`epoch-0 frame refused: ${JSON.stringify(reply)}`);
  return { room, epoch: 1, handshakeKey: next, joinKey, groupInfo };
}

/**
 * Commits at the group's epoch, signed by its handshake key (or `signer`), and on `committed`
 * moves the group on. Returns the reply and the commit bytes sent.
 */
export async function commitNext(
  client: FrameClient,
  group: TestGroup,
  signer: TestKey = group.handshakeKey,
): Promise<{ reply: Frame; commit: string }> {
  const commit = opaque();
  const groupInfo = opaque(300);
  const { frame, next } = commitFrame({ room: group.room, epoch: group.epoch, commit, groupInfo, signer });
  const reply = await client.request(frame);
  if (reply.t === 'committed') {
    group.epoch = reply.epoch as number;
    group.handshakeKey = next;
    group.groupInfo = groupInfo;
  }
  return { reply, commit };
}
