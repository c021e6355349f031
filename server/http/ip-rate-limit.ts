/**
 * Per-address rate limit for HTTP endpoints (PROTOCOL.md §1: `/v1/ghosts/check` is rate-limited per
 * IP). Buckets live in memory for a minute at most after the last request and are never logged.
 */
import { TokenBucket } from '../session/token-bucket.ts';

const FORGET_AFTER_MS = 60_000;

/** A per-address limit: in memory (this file) or shared by instances (store/redis-rate-limit.ts). */
export interface RateLimit {
  /** Takes one request's worth for `address`; `false` when over the limit. */
  take(address: string): boolean | Promise<boolean>;
  stop(): void;
}

export class IpRateLimit implements RateLimit {
  readonly #buckets = new Map<string, { bucket: TokenBucket; last: number }>();
  readonly #sweep: NodeJS.Timeout;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#sweep = setInterval(() => this.#forgetIdle(), FORGET_AFTER_MS);
    this.#sweep.unref();
  }

  /** Takes one request's worth for `address`; `false` when over the limit. */
  take(address: string): boolean {
    const now = this.now();
    let entry = this.#buckets.get(address);
    if (!entry) {
      entry = { bucket: new TokenBucket(this.ratePerSecond, this.burst, this.now), last: now };
      this.#buckets.set(address, entry);
    }
    entry.last = now;
    return entry.bucket.take();
  }

  stop(): void {
    clearInterval(this.#sweep);
    this.#buckets.clear();
  }

  #forgetIdle(): void {
    const cutoff = this.now() - FORGET_AFTER_MS;
    for (const [address, entry] of this.#buckets) if (entry.last < cutoff) this.#buckets.delete(address);
  }
}
