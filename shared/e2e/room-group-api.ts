/**
 * What a room group's operations answer (room-group.ts) besides a received `ct` (room-receive.ts):
 * a relayed commit's outcome, and the one error a local operation throws. Input from the network
 * never throws; it is answered with an error kind.
 */
import type { CommitError } from './room-apply-commit.ts';
import type { RoomMember } from './room-members.ts';

/** What applying a relayed commit did: who came and who went, or why it was not applied. */
export type CommitOutcome =
  | { ok: true; added: RoomMember[]; removed: RoomMember[] }
  | { ok: false; error: CommitError };

export type RoomGroupErrorCode =
  | 'closed' // the group was closed
  | 'removed' // a commit removed us; only `close()` remains
  | 'no_secret' // a member admitted by knock cannot commit before the `secret` message
  | 'commit_pending' // one commit at a time: adopt or discard the pending one first
  | 'stale_commit' // the group applied another commit of that epoch first
  | 'settled' // this pending commit was already adopted or discarded
  | 'bad_leaves' // leaves to remove that are blank, repeated, or our own
  | 'bad_knocks' // no knocks, or the same key twice
  | 'already_member' // a knock's key already has a leaf (another member approved it)
  | 'mls'; // ts-mls refused the operation (see `cause`)

/** A local operation that cannot be done (bad input from the network never throws). */
export class RoomGroupError extends Error {
  override name = 'RoomGroupError';
  constructor(
    readonly code: RoomGroupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
