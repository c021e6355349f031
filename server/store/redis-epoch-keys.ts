/**
 * Epoch keys shared through Redis (DESIGN.md "Identity", "Scaling out"). Each epoch's random key
 * is written once with `SET NX PX` (the TTL ends with the epoch's window, so Redis forgets it when
 * the last ghostId sealed under it stops being live) and read back with `GET`: when instances race,
 * the winner's key is the one everybody adopts. Keys are cached in the keyring, which still wipes
 * them when they leave the window. Redis holds them sealed under a master-derived key
 * (crypto/epoch-key-wrap.ts), so a copy of Redis alone opens nothing. The next epoch's key is made shortly before its boundary, so
 * rotation never waits for Redis. After a Redis restart the cached keys are written back.
 */
import * as v from 'valibot';
import { type EpochKeyWrap, WRAPPED_EPOCH_KEY_CHARS } from '../crypto/epoch-key-wrap.ts';
import { generateEpochKey } from '../crypto/ghost-seal.ts';
import type { EpochKeyring, SharedEpochKeys } from '../ghost/epoch-keys.ts';
import type { Logger } from '../log/logger.ts';
import {
  type RedisConnection,
  StoreDataError,
  StoreUnavailableError,
  withDeadline,
} from './redis-connection.ts';
import { epochKeyName } from './store-keys.ts';

const ANSWER_MS = 3000;
const PREPARE_AHEAD_MS = 1000; // make the next epoch's key this long before its boundary
const EpochKeyText = v.pipe(v.string(), v.length(WRAPPED_EPOCH_KEY_CHARS), v.regex(/^[A-Za-z0-9_-]+$/));

export class RedisEpochKeys implements SharedEpochKeys {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly keyring: EpochKeyring,
    private readonly wrap: EpochKeyWrap,
    private readonly logger: Logger,
  ) {}

  /** Loads the whole window, makes the current key, and keeps the next one ready ahead of time. */
  async start(): Promise<void> {
    const clock = this.keyring.clock;
    const current = clock.epochAt();
    const window = Array.from({ length: clock.window }, (_, i) => current - i);
    await this.load(window);
    this.keyring.share(this);
    this.redis.onRecovered(() => {
      this.#writeBack().catch(() => this.logger.warn('could not restore epoch keys to redis'));
    });
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async load(epochs: number[]): Promise<void> {
    if (!this.redis.reachable) throw new StoreUnavailableError('redis is unreachable');
    const clock = this.keyring.clock;
    const current = clock.epochAt();
    const creatable = epochs.filter((e) => e === current || e === current + 1);
    const client = this.redis.commands;
    await withDeadline(Promise.all(creatable.map((e) => this.#create(e))), ANSWER_MS, 'epoch key creation');
    const values = await withDeadline(client.mget(epochs.map(epochKeyName)), ANSWER_MS, 'epoch keys');
    values.forEach((value, i) => {
      if (value !== null) this.keyring.adopt(epochs[i]!, this.#parseKey(epochs[i]!, value));
    });
  }

  /** Offers a fresh random key for `epoch`; the first instance's offer wins. */
  #create(epoch: number): Promise<unknown> {
    const key = generateEpochKey();
    const stored = this.#storeFirst(epoch, key);
    key.fill(0);
    return stored;
  }

  /** `SET NX PX`: only the first writer's key is stored; its TTL ends with the epoch's window. */
  #storeFirst(epoch: number, key: Uint8Array): Promise<unknown> {
    const ttl = this.keyring.clock.liveUntil(epoch) - this.keyring.clock.now();
    if (ttl <= 0) return Promise.resolve();
    return this.redis.commands.set(epochKeyName(epoch), this.wrap.wrap(epoch, key), 'PX', ttl, 'NX');
  }

  /** After a Redis restart: put back every key still in the window (the first instance back wins). */
  async #writeBack(): Promise<void> {
    const clock = this.keyring.clock;
    const current = clock.epochAt();
    const epochs = Array.from({ length: clock.window + 1 }, (_, i) => current + 1 - i);
    await Promise.all(
      epochs.map((epoch) => {
        const key = this.keyring.heldKey(epoch);
        return key && this.#storeFirst(epoch, key);
      }),
    );
    await this.load(epochs);
    this.logger.info('epoch keys restored');
  }

  #parseKey(epoch: number, value: string): Uint8Array {
    const parsed = v.safeParse(EpochKeyText, value);
    const key = parsed.success ? this.wrap.unwrap(epoch, parsed.output) : undefined;
    if (!key) throw new StoreDataError('redis holds an epoch key this server cannot open');
    return key;
  }

  #schedule(): void {
    if (this.#stopped) return;
    const clock = this.keyring.clock;
    const next = clock.startOf(clock.epochAt() + 1);
    const delay = Math.max(0, next - PREPARE_AHEAD_MS - clock.now());
    this.#timer = setTimeout(() => {
      const upcoming = clock.epochAt() + 1;
      this.load([upcoming - 1, upcoming])
        .catch(() => this.logger.warn('could not prepare the next epoch key'))
        .finally(() => setTimeout(() => this.#schedule(), PREPARE_AHEAD_MS + 10).unref());
    }, delay);
    this.#timer.unref();
  }
}
