import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeInvitationStore, storedInvitation } from '../../tests/support/invitation-store-contract.ts';
import { startTestRedis, type TestRedis } from '../../tests/support/redis-server.ts';
import { createSilentLogger } from '../log/logger.ts';
import { InvitationsUnavailableError } from '../paid/invitation-store.ts';
import { connectRedis, type RedisConnection } from './redis-connection.ts';
import { RedisInvitations } from './redis-invitations.ts';
import { inviteKey, inviteMarkKey, invitePendingKey } from './store-keys.ts';

let redis: TestRedis;
const connections: RedisConnection[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await redis.stop();
});

async function makeStore() {
  const connection = await connectRedis(redis.url, createSilentLogger());
  connections.push(connection);
  return { connection, store: new RedisInvitations(connection, createSilentLogger(), Date.now) };
}

describeInvitationStore('the Redis invitation store', async () => (await makeStore()).store);

describe('the Redis invitation store, in Redis', () => {
  it('keeps one wallet’s keys in one slot, with TTLs: the record till its end, the mark a day longer', async () => {
    const { store, connection } = await makeStore();
    const x = storedInvitation('h'.repeat(22), 60_000);
    await store.create(x);
    const redisKeys = [
      inviteKey(x.walletName, x.name),
      inviteMarkKey(x.walletName, x.name),
      invitePendingKey(x.walletName),
    ];
    for (const key of redisKeys) expect(key).toContain(`{${x.walletName}}`);
    const [record, mark, pending] = await Promise.all(redisKeys.map((k) => connection.commands.pttl(k)));
    expect(record).toBeGreaterThan(55_000);
    expect(record).toBeLessThanOrEqual(60_000);
    expect(mark! - record!).toBeGreaterThan(86_000_000);
    expect(pending).toBeGreaterThanOrEqual(mark! - 1000);
    expect(await connection.commands.get(redisKeys[0]!)).toBe(`${x.expiresAt}.${x.sealed}`);
  });

  it('reads a record it did not write as ended, and refuses at once while Redis is down', async () => {
    const { store, connection } = await makeStore();
    const x = storedInvitation('i'.repeat(22));
    await store.create(x);
    await connection.commands.set(inviteKey(x.walletName, x.name), 'garbage');
    expect(await store.pending(x.walletName)).toEqual([]);
    expect(await store.take(x.walletName, x.name)).toEqual({ kind: 'ended' });
    await redis.kill();
    try {
      await expect(store.take(x.walletName, x.name)).rejects.toBeInstanceOf(InvitationsUnavailableError);
      await expect(store.create(storedInvitation(x.walletName))).rejects.toBeInstanceOf(
        InvitationsUnavailableError,
      );
    } finally {
      await redis.restart();
    }
  });
});
