import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeB64u } from '../../shared/encoding.ts';
import { startTestRedis, type TestRedis } from '../../tests/support/redis-server.ts';
import { createEpochKeyWrap } from '../crypto/epoch-key-wrap.ts';
import { EpochClock, EpochKeyring, EpochKeyUnavailableError } from '../ghost/epoch-keys.ts';
import { createSilentLogger } from '../log/logger.ts';
import { connectRedis, type RedisConnection } from './redis-connection.ts';
import { RedisEpochKeys } from './redis-epoch-keys.ts';
import { epochKeyName } from './store-keys.ts';

const MASTER = new Uint8Array(32).fill(7);
let redis: TestRedis;
const connections: RedisConnection[] = [];
const sources: RedisEpochKeys[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const s of sources) s.stop();
  await Promise.all(connections.map((c) => c.close()));
  await redis.stop();
});

async function sharedKeyring(now: () => number) {
  const connection = await connectRedis(redis.url, createSilentLogger());
  connections.push(connection);
  const keyring = new EpochKeyring(new EpochClock({ epochSeconds: 10, epochWindow: 3, now }));
  const source = new RedisEpochKeys(connection, keyring, createEpochKeyWrap(MASTER), createSilentLogger());
  sources.push(source);
  return { keyring, source, connection };
}

describe('epoch keys in Redis', () => {
  it('gives racing instances one key per epoch, with a TTL ending with the window', async () => {
    let clock = Date.now();
    const now = () => clock;
    const instances = await Promise.all(Array.from({ length: 6 }, () => sharedKeyring(now)));
    const settingFrom = Date.now(); // real time: Redis counts the TTL down while the test clock stands
    await Promise.all(instances.map((i) => i.source.start()));
    const keys = instances.map((i) => i.keyring.currentKey());
    for (const k of keys) expect(k).toEqual(keys[0]);
    const { epoch } = keys[0]!;
    const ttl = await instances[0]!.connection.commands.pttl(epochKeyName(epoch));
    const elapsed = Date.now() - settingFrom;
    const clockOf = instances[0]!.keyring.clock;
    // At most the real time between SET PX and PTTL has passed (a few ms more for Redis's cached clock).
    expect(ttl).toBeGreaterThanOrEqual(clockOf.liveUntil(epoch) - clock - elapsed - 5);
    expect(ttl).toBeLessThanOrEqual(clockOf.liveUntil(epoch) - clock);
    // Redis holds the key sealed, not in clear.
    const stored = await instances[0]!.connection.commands.get(epochKeyName(epoch));
    expect(stored).toHaveLength(96);
    expect(stored).not.toContain(encodeB64u(keys[0]!.key));
    expect(createEpochKeyWrap(MASTER).unwrap(epoch, stored!)).toEqual(keys[0]!.key);
    expect(createEpochKeyWrap(new Uint8Array(32).fill(8)).unwrap(epoch, stored!)).toBeUndefined();
    // Past the window the cached copy is wiped too.
    const cached = instances[0]!.keyring.heldKey(epoch)!;
    clock += 3 * 10_000;
    expect(instances[0]!.keyring.liveKey(epoch)).toBeUndefined();
    expect(cached.every((byte) => byte === 0)).toBe(true);
  });

  it('refuses to make a key of its own when Redis cannot be asked', async () => {
    let clock = Date.now();
    const { keyring, source, connection } = await sharedKeyring(() => clock);
    await source.start();
    await connection.close();
    clock += 20_000; // two epochs on: never made ahead of time, not cached
    expect(() => keyring.currentKey()).toThrow(EpochKeyUnavailableError);
  });
});
