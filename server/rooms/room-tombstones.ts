/**
 * Free rooms that expired (PROTOCOL.md §3, docs/protocol.md "Expired free rooms"): later joins of
 * the same room get `expired` for as long again as the room lived (at least a minute, at most
 * 24 h). Only a hash of the room key is kept, nothing else. In memory mode only: shared rooms keep
 * their tombstones in the store.
 */
import { createHash } from 'node:crypto';

const MIN_TOMBSTONE_MS = 60_000;
const MAX_TOMBSTONE_MS = 24 * 60 * 60 * 1000;

/** Hashes of expired free-room keys, each with the time until which joins are refused. */
export class RoomTombstones {
  readonly #until = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Refuses the room of `key`, created at `createdAt`, for as long again as it lived. */
  add(key: string, createdAt: number): void {
    const now = this.now();
    this.#prune(now);
    const lived = now - createdAt;
    this.#until.set(hashKey(key), now + Math.min(MAX_TOMBSTONE_MS, Math.max(lived, MIN_TOMBSTONE_MS)));
  }

  /** Whether joins of `key` are still refused. */
  has(key: string): boolean {
    if (this.#until.size === 0) return false;
    const hash = hashKey(key);
    const until = this.#until.get(hash);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.#until.delete(hash);
    return false;
  }

  #prune(now: number): void {
    for (const [hash, until] of this.#until) if (until <= now) this.#until.delete(hash);
  }
}

function hashKey(key: string): string {
  return createHash('sha256').update('anoghost/room-tombstone/v1').update(key).digest('base64url');
}
