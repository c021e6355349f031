/**
 * A member's frames reach the others in the order it sent them (docs/protocol.md "Ordering"). In
 * memory mode every relay runs in the turn its frame arrives, so nothing here is ever used; in a
 * shared room a commit waits on the store, and the member's later frames (a `send` made in the new
 * epoch, a Welcome as `signal`) must wait behind it. The wait is per member, so other members'
 * messages keep the relay's fast path.
 */
import type { Member } from './room.ts';
import { notAMember } from './room-frames.ts';

/**
 * Runs `work` once the member's earlier operations still under way are done. Callers check
 * `member.pending` first and run directly when it is unset (the relay's hot path). `not_found` if
 * the member left meanwhile.
 */
export function afterPending<T>(member: Member, work: () => T | Promise<T>): Promise<T> {
  const before = member.pending ?? Promise.resolve();
  const result = before.then(() => {
    if (member.room.members.get(member.id) !== member) throw notAMember();
    return work();
  });
  holdOrder(member, result);
  return result;
}

/**
 * Makes the member's later frames wait for `operation` (settled either way) and for everything
 * they already had to wait for, so the wait only ever grows until all is done.
 */
export function holdOrder(member: Member, operation: Promise<unknown>): void {
  const done: Promise<void> = operation.then(
    () => {},
    () => {},
  );
  const before = member.pending;
  const settled = before ? before.then(() => done) : done;
  member.pending = settled;
  void settled.then(() => {
    if (member.pending === settled) member.pending = undefined;
  });
}
