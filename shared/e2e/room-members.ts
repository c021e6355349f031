/**
 * The roster of a room group, read from its ratchet tree: one entry per leaf, with the member id its
 * credential names (how members map leaves to the connections the server announces) and the
 * fingerprint of its signature key (the identity members verify). Arrays are copies: the state's
 * own are zeroed when the epoch ends.
 */
import type { RatchetTree } from 'ts-mls';
import { memberIdOf } from './mls-config.ts';
import { fingerprintOf } from './room-identity.ts';

/** One leaf of the group. */
export interface RoomMember {
  /** The leaf index in the ratchet tree (stable while the member stays). */
  leafIndex: number;
  /** The server member id the leaf's credential names. */
  memberId: string;
  /** The leaf's Ed25519 signature public key: the member's per-room identity (a copy). */
  signaturePublicKey: Uint8Array;
  /** `fingerprintOf(signaturePublicKey)`, five groups of five digits. */
  fingerprint: string;
  /** True for our own leaf. */
  isSelf: boolean;
}

/** Every non-blank leaf, by leaf index. Leaves whose credential is not ours are skipped. */
export function listMembers(tree: RatchetTree, ownLeafIndex: number): RoomMember[] {
  const members: RoomMember[] = [];
  for (let nodeIndex = 0; nodeIndex < tree.length; nodeIndex += 2) {
    const member = memberAt(tree, nodeIndex / 2, ownLeafIndex);
    if (member) members.push(member);
  }
  return members;
}

/** The member at one leaf, or `undefined` for a blank leaf. */
export function memberAt(tree: RatchetTree, leafIndex: number, ownLeafIndex: number): RoomMember | undefined {
  const node = tree[leafIndex * 2];
  if (node?.nodeType !== 'leaf') return undefined;
  const memberId = memberIdOf(node.leaf.credential);
  if (memberId === undefined) return undefined; // the authentication service admits no such leaf
  const signaturePublicKey = node.leaf.signaturePublicKey.slice();
  return {
    leafIndex,
    memberId,
    signaturePublicKey,
    fingerprint: fingerprintOf(signaturePublicKey),
    isSelf: leafIndex === ownLeafIndex,
  };
}

/** Who came and who went between two rosters (a leaf is the same member when index, key and id match). */
export function diffMembers(before: readonly RoomMember[], after: readonly RoomMember[]) {
  const key = (m: RoomMember) => `${m.leafIndex}:${m.fingerprint}:${m.memberId}`;
  const was = new Set(before.map(key));
  const is = new Set(after.map(key));
  return { added: after.filter((m) => !was.has(key(m))), removed: before.filter((m) => !is.has(key(m))) };
}
