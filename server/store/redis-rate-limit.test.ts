import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../tests/support/redis-server.ts';
import { createSilentLogger } from '../log/logger.ts';
import { connectRedis, type RedisConnection } from './redis-connection.ts';
import { RedisRateLimit } from './redis-rate-limit.ts';

let redis: TestRedis;
let connection: RedisConnection;
beforeAll(async () => {
  redis = await startTestRedis();
  connection = await connectRedis(redis.url, createSilentLogger());
});
afterAll(async () => {
  await connection.close();
  await redis.stop();
});

/** Two instances sharing one bucket (1 per second, burst 1), each with a clock the test sets. */
function twoInstances(address: string) {
  const clocks = { a: 0, b: 0 };
  const nameOf = () => `test-${address}`;
  const a = new RedisRateLimit(connection, nameOf, 1, 1, () => clocks.a);
  const b = new RedisRateLimit(connection, nameOf, 1, 1, () => clocks.b);
  return { clocks, a, b };
}

describe('shared rate limit in Redis', () => {
  it('refills with time, shared by instances', async () => {
    const { clocks, a, b } = twoInstances('refill');
    expect(await a.take('x')).toBe(true);
    expect(await b.take('x')).toBe(false); // the same bucket
    clocks.a = 1000;
    clocks.b = 1000;
    expect(await b.take('x')).toBe(true);
    expect(await a.take('x')).toBe(false);
    a.stop();
    b.stop();
  });

  it('never refills the same time twice when a call carries an earlier clock', async () => {
    const { clocks, a, b } = twoInstances('backwards');
    clocks.a = 0;
    expect(await a.take('x')).toBe(true);
    clocks.a = 2000;
    expect(await a.take('x')).toBe(true); // refilled 0..2000 (capped at the burst)
    clocks.b = 1000; // an instance behind, or a request that reached Redis late
    expect(await b.take('x')).toBe(false);
    // 1000..2000 was already counted: nothing is left to refill at 2000.
    expect(await a.take('x')).toBe(false);
    a.stop();
    b.stop();
  });
});
