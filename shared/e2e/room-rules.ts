/**
 * The rules every member runs the same way (docs/rooms-mls.md "Joining, knocking, leaving",
 * "Post-compromise security"), as pure functions so that every member reaches the same answer:
 * - a leaf is *stale* when its member id is not among the connections present;
 * - the present member with the lowest leaf index removes the stale leaves after a 150 ms debounce,
 *   the k-th lowest after k × 3 s if they are still there (the fallback);
 * - a member sends an Update 10 minutes (± 20 %) after its leaf was last refreshed, and only when
 *   it has sent application messages since.
 */
import type { RoomMember } from './room-members.ts';

export const REMOVAL_DEBOUNCE_MS = 150;
export const REMOVAL_FALLBACK_STEP_MS = 3000;
export const UPDATE_INTERVAL_MS = 10 * 60 * 1000;
export const UPDATE_JITTER = 0.2; // ± fraction of the interval
/** Attempts of an external join before giving up (each `stale_epoch` costs one). */
export const JOIN_ATTEMPTS = 5;

/**
 * The leaf indices whose member id is not present. `present` lists the other members the server
 * announced; our own leaf always counts as present.
 */
export function staleLeaves(members: readonly RoomMember[], present: Iterable<string>): number[] {
  const here = new Set(present);
  return members.filter((m) => !m.isSelf && !here.has(m.memberId)).map((m) => m.leafIndex);
}

/**
 * Our place among the present members, by leaf index: 0 when we hold the lowest, so we remove the
 * stale leaves first; k when k present members come before us.
 */
export function removerRank(members: readonly RoomMember[], present: Iterable<string>): number {
  const here = new Set(present);
  const self = members.find((m) => m.isSelf);
  if (!self) throw new Error('the roster has no own leaf');
  return members.filter((m) => !m.isSelf && here.has(m.memberId) && m.leafIndex < self.leafIndex).length;
}

/** How long the member of `rank` waits before it commits the Remove: 150 ms, then k × 3 s. */
export function removalDelayMs(rank: number): number {
  if (!Number.isSafeInteger(rank) || rank < 0) throw new RangeError('"rank" must be a non-negative integer');
  return rank === 0 ? REMOVAL_DEBOUNCE_MS : rank * REMOVAL_FALLBACK_STEP_MS;
}

/** The delay from a leaf refresh to the next Update: 10 minutes ± 20 %, `random` in [0, 1). */
export function updateDelayMs(random: number = Math.random()): number {
  return Math.round(UPDATE_INTERVAL_MS * (1 - UPDATE_JITTER + 2 * UPDATE_JITTER * random));
}
