/**
 * Handshake ordering for a room held here only (PROTOCOL.md §3, docs/rooms-mls.md "Epochs"): one
 * accepted commit per epoch. Everything from the epoch check to the relay runs in one turn of the
 * event loop, so no other commit can come between the check and the set, and a member's later
 * frames follow its commit. `auth` is therefore verified on this thread (`verifyEd25519Sync`,
 * ~0.1 ms): verifying on the thread pool would need a second epoch check after it and a queue per
 * member to keep the order, for a frame a member sends a few times an hour (docs/protocol.md has
 * the measurement). Shared rooms do the same through the store (shared-rooms.ts).
 */
import { verifyCommitAuthSync } from '../crypto/commit-auth.ts';
import type { CheckedCommit } from './commit-checks.ts';
import type { Member } from './room.ts';
import { commitForbidden, commitFrameBytes, staleEpoch } from './room-frames.ts';

/** Checks epoch and `auth`, then applies and relays the commit; returns the new counter. */
export function commitHere(member: Member, commit: CheckedCommit): number {
  const room = member.room;
  if (commit.epoch !== room.epoch) throw staleEpoch(room.epoch);
  if (commit.epoch > 0) {
    const keys = [room.handshakeKey, room.joinKey];
    if (!commit.auth || !verifyCommitAuthSync(commit.authMessage(), commit.auth, keys)) {
      throw commitForbidden();
    }
  }
  room.epoch += 1;
  room.handshakeKey = commit.nextKeyObject;
  if (commit.joinKeyObject) room.joinKey = commit.joinKeyObject;
  room.groupInfo = commit.groupInfo;
  if (commit.commit !== null) {
    room.broadcastCommit(
      commit.epoch,
      commitFrameBytes(room.handle, member.id, commit.epoch, commit.commit),
      member.id,
    );
  }
  return room.epoch;
}
