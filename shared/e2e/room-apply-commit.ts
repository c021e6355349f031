/**
 * Applying a commit the server relayed (PROTOCOL.md §3 "Handshakes"): a member's commit travels as
 * an MLS PrivateMessage, a joiner's external commit as a PublicMessage (RFC 9420 §12.4.3.2). Before
 * ts-mls processes it we check what ts-mls leaves to the application:
 * - the frame's `epoch` is ours (the server's counter is our MLS epoch + 1);
 * - only add, remove and external_init proposals (mls-config.ts `acceptRoomCommit`);
 * - an external commit that removes a leaf (a resync) removes one with the joiner's own signature
 *   key, so whoever knows S cannot push a member out by joining;
 * - the committer's credential names the member the server says sent it (`from`), when given.
 * A member commit sent as a PublicMessage is refused: ours are always private.
 */
import { type ClientState, emptyPskIndex, type IncomingMessageCallback, processMessage } from 'ts-mls';
import { equalBytesConstantTime } from '../crypto/constant-time.ts';
import { acceptRoomCommit, memberIdOf } from './mls-config.ts';
import type { MlsCrypto } from './mls-crypto.ts';
import { decodeMlsText } from './mls-messages.ts';
import { wipeRetiredStates } from './mls-state-wipe.ts';

/** Why a relayed commit was not applied. */
export type CommitError =
  | 'wrong_epoch' // the frame is for another epoch than ours (an old one, or we fell behind)
  | 'malformed' // not an MLS commit message
  | 'invalid' // does not verify, breaks a rule above, or ts-mls refuses it
  | 'removed' // it removes us: the group is over for this membership (rejoin)
  | 'closed'; // the group is closed

/** The new state, or why not; after `removed`, `state` is the group's last (inert) state. */
export type ProcessedCommit =
  | { ok: true; state: ClientState; consumed: Uint8Array[] }
  | { ok: false; error: 'removed'; state: ClientState }
  | { ok: false; error: Exclude<CommitError, 'removed'> };

/** Checks and processes one relayed commit against `state`; `state` itself is left unchanged. */
export async function processRoomCommit(
  state: ClientState,
  commitText: string,
  frameEpoch: number,
  from: string | undefined,
  crypto: MlsCrypto,
): Promise<ProcessedCommit> {
  const message = decodeMlsText(commitText);
  if (!message) return { ok: false, error: 'malformed' };
  if (frameEpoch !== Number(state.groupContext.epoch) + 1) return { ok: false, error: 'wrong_epoch' };
  const groupId = state.groupContext.groupId;
  if (message.wireformat === 'mls_public_message') {
    const { content } = message.publicMessage;
    if (!equalBytesConstantTime(content.groupId, groupId)) return { ok: false, error: 'invalid' };
    if (content.contentType !== 'commit' || content.sender.senderType !== 'new_member_commit') {
      return { ok: false, error: 'invalid' };
    }
    const leaf = content.commit.path?.leafNode;
    if (!leaf || (from !== undefined && memberIdOf(leaf.credential) !== from))
      return { ok: false, error: 'invalid' };
    for (const p of content.commit.proposals) {
      if (p.proposalOrRefType !== 'proposal' || p.proposal.proposalType !== 'remove') continue;
      const removed = state.ratchetTree[p.proposal.remove.removed * 2];
      if (removed?.nodeType !== 'leaf') return { ok: false, error: 'invalid' };
      if (!equalBytesConstantTime(removed.leaf.signaturePublicKey, leaf.signaturePublicKey)) {
        return { ok: false, error: 'invalid' };
      }
    }
  } else if (
    message.wireformat !== 'mls_private_message' ||
    message.privateMessage.contentType !== 'commit'
  ) {
    return { ok: false, error: 'malformed' };
  } else if (!equalBytesConstantTime(message.privateMessage.groupId, groupId)) {
    return { ok: false, error: 'invalid' };
  }

  let senderLeafIndex: number | undefined;
  const callback: IncomingMessageCallback = (incoming) => {
    if (incoming.kind === 'commit') senderLeafIndex = incoming.senderLeafIndex;
    return acceptRoomCommit(incoming);
  };
  let result: Awaited<ReturnType<typeof processMessage>>;
  try {
    result = await processMessage(message, state, emptyPskIndex, callback, crypto.impl);
  } catch {
    return { ok: false, error: 'invalid' };
  }
  if (result.kind !== 'newState' || result.actionTaken !== 'accept') return { ok: false, error: 'invalid' };
  if (from !== undefined && message.wireformat === 'mls_private_message') {
    const sender = senderLeafIndex === undefined ? undefined : state.ratchetTree[senderLeafIndex * 2];
    if (sender?.nodeType !== 'leaf' || memberIdOf(sender.leaf.credential) !== from) {
      wipeRetiredStates([result.newState], state);
      return { ok: false, error: 'invalid' };
    }
  }
  if (result.newState.groupActiveState.kind === 'removedFromGroup') {
    return { ok: false, error: 'removed', state: result.newState };
  }
  return { ok: true, state: result.newState, consumed: result.consumed };
}
