/**
 * A Redis that persists its data (RDB `save`, AOF `appendonly`) would keep the wrapped epoch keys
 * on disk, where the master key opens them long after the server wiped them: start-up refuses it
 * before writing anything, and a Redis that will not say (CONFIG renamed) too, unless
 * ANOGHOST_REDIS_ALLOW_PERSISTENCE=1, which starts with a loud warning.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { startTestServer } from '../support/test-server.ts';

const redisDir = mkdtempSync(join(tmpdir(), 'anoghost-redis-'));
afterAll(() => rmSync(redisDir, { recursive: true, force: true }));

async function withRedis(args: string[], work: (redis: TestRedis) => Promise<void>): Promise<void> {
  const redis = await startTestRedis(['--dir', redisDir, ...args]);
  try {
    await work(redis);
  } finally {
    await redis.stop();
  }
}

const start = (redis: TestRedis, env: Record<string, string> = {}) =>
  startTestServer({ ANOGHOST_REDIS_URL: redis.url, ...env }, { paidChats: false });

async function keysIn(redis: TestRedis): Promise<number> {
  const client = new Redis(redis.url);
  try {
    return await client.dbsize();
  } finally {
    client.disconnect();
  }
}

describe('Redis persistence at start-up', { timeout: 30_000 }, () => {
  it.each([
    ['RDB snapshots', ['--save', '900 1'], 'persists its data (save "900 1")'],
    ['AOF', ['--appendonly', 'yes'], 'persists its data (appendonly yes)'],
  ])('refuses a Redis with %s, writing nothing to it', async (_, args, message) => {
    await withRedis(args, async (redis) => {
      const refused = start(redis);
      await expect(refused).rejects.toThrow(message);
      await expect(refused).rejects.toThrow('set ANOGHOST_REDIS_ALLOW_PERSISTENCE=1 to accept the risk');
      await expect(refused).rejects.toMatchObject({ name: 'RedisPersistenceError' });
      expect(await keysIn(redis)).toBe(0);
    });
  });

  it('starts on a persisting Redis with ANOGHOST_REDIS_ALLOW_PERSISTENCE=1, warning loudly', async () => {
    await withRedis(['--save', '900 1', '--appendonly', 'yes'], async (redis) => {
      const server = await start(redis, { ANOGHOST_REDIS_ALLOW_PERSISTENCE: '1' });
      await server.stop();
      const warning = server.logs.find((line) => line.includes('REDIS PERSISTS ITS DATA'));
      expect(JSON.parse(warning!)).toMatchObject({
        level: 'warn',
        persisting: ['save "900 1"', 'appendonly yes'],
      });
    });
  });

  it('refuses a Redis that will not say (CONFIG renamed) unless the override is set', async () => {
    await withRedis(['--rename-command', 'CONFIG', ''], async (redis) => {
      await expect(start(redis)).rejects.toThrow(
        'cannot tell whether Redis at ANOGHOST_REDIS_URL persists its data: it refused CONFIG GET',
      );
      const server = await start(redis, { ANOGHOST_REDIS_ALLOW_PERSISTENCE: '1' });
      await server.stop();
      expect(server.logs.join('')).toContain('cannot tell whether Redis persists its data');
    });
  });

  it('starts on a Redis without persistence, with no warning', async () => {
    await withRedis([], async (redis) => {
      const server = await start(redis);
      await server.stop();
      expect(server.logs.join('')).not.toMatch(/persist/i);
    });
  });
});
