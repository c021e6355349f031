/**
 * Commits a member makes (docs/rooms-mls.md "Joining, knocking, leaving", "Post-compromise
 * security"): the proposals of a Remove or an Add, checked first; the commit with its frame; and,
 * when the server has ordered it, the new state with the old epoch's receiver data brought up to
 * date. The group (room-group.ts) keeps the pending commit and decides when it takes effect.
 */
import { type ClientState, createCommit, type KeyPackage, type Proposal } from 'ts-mls';
import { decodeKeyPackage, encodeKeyPackage } from 'ts-mls/keyPackage.js';
import { equalBytesConstantTime } from '../crypto/constant-time.ts';
import type { MlsCrypto } from './mls-crypto.ts';
import { encodeMlsText } from './mls-messages.ts';
import { wipeRetiredStates } from './mls-state-wipe.ts';
import { buildCommitFrame, type CommitFrameFields } from './room-commit-frame.ts';
import { RoomGroupError } from './room-group-api.ts';
import type { RoomMember } from './room-members.ts';
import type { KnockRequest } from './room-receive.ts';

/** A commit made from `base`: the state it leads to, what `base` consumed, the frame, a Welcome. */
export interface MemberCommit {
  next: ClientState;
  consumed: Uint8Array[];
  frame: CommitFrameFields;
  /** For an Add: b64u(MLSMessage(Welcome)), with the ratchet tree. */
  welcome?: string;
}

/** The Remove proposals for these leaves: distinct, not blank, not ours (else `bad_leaves`). */
export function removeProposals(
  tree: ClientState['ratchetTree'],
  leaves: readonly number[],
  own: number,
): Proposal[] {
  const bad =
    new Set(leaves).size !== leaves.length ||
    leaves.length === 0 ||
    leaves.some((i) => i === own || tree[i * 2]?.nodeType !== 'leaf');
  if (bad) throw new RoomGroupError('bad_leaves', 'leaves to remove must be distinct, present and not ours');
  return leaves.map((removed) => ({ proposalType: 'remove', remove: { removed } }));
}

/**
 * The Add proposals for these knocks: distinct keys none of which has a leaf yet (else
 * `bad_knocks` / `already_member`: another member approved it first). The KeyPackages are copies,
 * so the group owns (and zeroes) every array in its state and never the caller's.
 */
export function addProposals(knocks: readonly KnockRequest[], members: readonly RoomMember[]): Proposal[] {
  const keys = knocks.map((k) => k.keyPackage.leafNode.signaturePublicKey);
  const repeated = keys.some((key, i) => keys.findIndex((other) => equalBytesConstantTime(other, key)) !== i);
  if (knocks.length === 0 || repeated) throw new RoomGroupError('bad_knocks', 'give distinct knocks to add');
  if (keys.some((key) => members.some((m) => equalBytesConstantTime(m.signaturePublicKey, key)))) {
    throw new RoomGroupError('already_member', 'a knocking key already has a leaf in the group');
  }
  return knocks.map((k) => ({ proposalType: 'add', add: { keyPackage: copyKeyPackage(k.keyPackage) } }));
}

/** Makes the commit and its frame, signed by `base`'s handshake key. */
export async function makeMemberCommit(input: {
  base: ClientState;
  proposals: Proposal[];
  handle: string;
  secret: Uint8Array;
  crypto: MlsCrypto;
}): Promise<MemberCommit> {
  const { base, proposals, handle, secret, crypto } = input;
  const isAdd = proposals.some((p) => p.proposalType === 'add');
  let result: Awaited<ReturnType<typeof createCommit>>;
  try {
    result = await createCommit(
      { state: base, cipherSuite: crypto.impl },
      { extraProposals: proposals, ratchetTreeExtension: isAdd },
    );
  } catch (cause) {
    throw new RoomGroupError('mls', 'ts-mls could not make the commit', { cause });
  }
  try {
    const frame = await buildCommitFrame({
      handle,
      secret,
      crypto,
      next: result.newState,
      commit: result.commit,
      signer: { kind: 'handshake', base },
    });
    const welcome = result.welcome && encodeMlsText({ wireformat: 'mls_welcome', welcome: result.welcome });
    return { next: result.newState, consumed: result.consumed, frame, welcome };
  } catch (error) {
    wipeRetiredStates([result.newState], base);
    throw error;
  }
}

/**
 * The state an adopted commit leads to, with the old epoch's secret tree taken from `current`:
 * messages opened or sent since the commit was made (from `base`) advanced it, and the copy taken
 * then would open them again.
 */
export function withCurrentOldEpoch(next: ClientState, base: ClientState, current: ClientState): ClientState {
  const oldEpoch = base.groupContext.epoch;
  const receiverData = next.historicalReceiverData.get(oldEpoch);
  if (!receiverData) return next;
  const historicalReceiverData = new Map(next.historicalReceiverData).set(oldEpoch, {
    ...receiverData,
    secretTree: current.secretTree,
  });
  return { ...next, historicalReceiverData };
}

function copyKeyPackage(keyPackage: KeyPackage): KeyPackage {
  const copy = decodeKeyPackage(encodeKeyPackage(keyPackage), 0);
  if (!copy) throw new RoomGroupError('mls', 'ts-mls could not decode the KeyPackage it encoded');
  return copy[0];
}
