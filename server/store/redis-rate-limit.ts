/**
 * Per-address rate limit shared by all instances (PROTOCOL.md §1 `/v1/ghosts/check`): one token
 * bucket per address in Redis, updated atomically by a script. The address is stored only as a
 * keyed hash, and the bucket expires a minute after its last use. While Redis is unreachable each
 * instance falls back to its own in-memory limit, so checks keep being limited (per instance).
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import { IpRateLimit, type RateLimit } from '../http/ip-rate-limit.ts';
import type { RedisConnection } from './redis-connection.ts';
import { rateBucketKey } from './store-keys.ts';

const FORGET_AFTER_MS = 60_000;
const Allowed = v.picklist([0, 1]);

/**
 * `at` only moves forward: a call carrying an earlier `now` (another instance's clock, or a
 * request overtaken on its way to Redis) must not make a later call refill the same time again.
 */
const TAKE_SCRIPT = `
local rate, burst, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(math.max(at, now)))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return allowed`;

type WithTake = Redis & {
  takeToken(key: string, rate: number, burst: number, now: number, ttl: number): Promise<number>;
};

export class RedisRateLimit implements RateLimit {
  readonly #fallback: IpRateLimit;
  readonly #client: WithTake;

  constructor(
    private readonly redis: RedisConnection,
    private readonly nameOf: (address: string) => string,
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#fallback = new IpRateLimit(ratePerSecond, burst, now);
    redis.commands.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    this.#client = redis.commands as WithTake;
  }

  async take(address: string): Promise<boolean> {
    if (!this.redis.reachable) return this.#fallback.take(address);
    const key = rateBucketKey(this.nameOf(address));
    const reply = await this.#client.takeToken(
      key,
      this.ratePerSecond,
      this.burst,
      this.now(),
      FORGET_AFTER_MS,
    );
    return v.parse(Allowed, reply) === 1;
  }

  stop(): void {
    this.#fallback.stop();
  }
}
