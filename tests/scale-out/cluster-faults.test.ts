/**
 * Scale-out faults (DESIGN.md "Scaling out"): an instance killed without warning (its members
 * leave for everyone else within seconds), and Redis restarting empty (instances refuse room
 * frames with `unavailable` meanwhile, say so in health, reconnect by themselves, restore epoch keys
 * and room membership, and their sessions live on).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_TTL_MS, REAP_EVERY_MS } from '../../server/store/instance-liveness.ts';
import { healthOf, startInstances } from '../support/cluster-harness.ts';
import { commitNext, createGroup, joinRoom, newRoomId } from '../support/free-rooms.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { spawnServer } from '../support/server-process.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import type { TestServer } from '../support/test-server.ts';
import { waitUntil } from '../support/wait-until.ts';

const MASTER = '5c'.repeat(32);
let redis: TestRedis;
let servers: TestServer[];

beforeAll(async () => {
  redis = await startTestRedis();
  servers = await startInstances(redis, 2, { ANOGHOST_MASTER_KEY: MASTER });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await redis.stop();
});

/**
 * A killed instance's heartbeat lapses at most its TTL after the kill, and a survivor's reaper
 * notices within one interval; the rest is slack for Redis round trips on a loaded machine.
 */
const DEATH_NOTICED_MS = HEARTBEAT_TTL_MS + REAP_EVERY_MS + 3000;

describe('an instance dies', () => {
  it("announces the dead instance's members as left within seconds", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-doomed-'));
    const doomed = await spawnServer({
      ANOGHOST_REDIS_URL: redis.url,
      ANOGHOST_MASTER_KEY: MASTER,
      ANOGHOST_DATA_DIR: dataDir,
      SOLANA_RPC_URL: 'http://127.0.0.1:9', // paid chats not used here: no chain needed
      ANOGHOST_LOG_LEVEL: 'warn',
    });
    try {
      const x = await connectSignedIn(servers[0]!);
      const y = await connectSignedIn(doomed);
      const room = newRoomId();
      await joinRoom(x.client, room);
      const jy = await joinRoom(y.client, room);
      expect(await x.client.next('member')).toMatchObject({ member: jy.member, event: 'join' });
      const killedAt = Date.now();
      doomed.child.kill('SIGKILL');
      expect(await x.client.next('member', DEATH_NOTICED_MS + 10_000)).toEqual({
        t: 'member',
        room,
        member: jy.member,
        event: 'leave',
      });
      expect(Date.now() - killedAt).toBeLessThan(DEATH_NOTICED_MS);
      // The room lives on for the survivors.
      const z = await connectSignedIn(servers[1]!);
      expect((await joinRoom(z.client, room)).members).toEqual([expect.any(String)]);
      x.client.close();
      z.client.close();
    } finally {
      doomed.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000); // spawns a server process (tsx) on a possibly loaded machine
});

describe('the last instance with members dies', () => {
  it('leaves nothing of the room in Redis, GroupInfo included, once it is reaped', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-doomed-'));
    const doomed = await spawnServer({
      ANOGHOST_REDIS_URL: redis.url,
      ANOGHOST_MASTER_KEY: MASTER,
      ANOGHOST_DATA_DIR: dataDir,
      SOLANA_RPC_URL: 'http://127.0.0.1:9',
      ANOGHOST_LOG_LEVEL: 'warn',
    });
    const tap = new Redis(redis.url);
    try {
      const before = new Set(await tap.keys('ag:r:*'));
      const [x, y] = await Promise.all([connectSignedIn(doomed), connectSignedIn(doomed)]);
      const room = newRoomId();
      await joinRoom(x.client, room, { ttl: 3600 });
      const group = await createGroup(x.client, room);
      await joinRoom(y.client, room);
      expect((await commitNext(y.client, group, group.joinKey)).reply).toMatchObject({ epoch: 2 });
      const added = (await tap.keys('ag:r:*')).filter((k) => !before.has(k));
      expect(added.some((k) => k.endsWith(':group'))).toBe(true);
      doomed.child.kill('SIGKILL');
      await waitUntil(
        async () => (await tap.keys('ag:r:*')).filter((k) => !before.has(k)).length === 0,
        DEATH_NOTICED_MS + 10_000,
        'the reaper to remove the room',
      );
      // A newcomer finds no group: it starts anew.
      const z = await connectSignedIn(servers[0]!);
      expect(await joinRoom(z.client, room)).toMatchObject({ members: [], epoch: 0, groupInfo: null });
      z.client.close();
    } finally {
      doomed.child.kill('SIGKILL');
      tap.disconnect();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('Redis restarts', () => {
  it('refuses with unavailable meanwhile, then recovers keys, rooms and sessions by itself', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const x = await connectSignedIn(a);
    const y = await connectSignedIn(b);
    const room = newRoomId();
    const jx = await joinRoom(x.client, room, { ttl: 3600 });
    const jy = await joinRoom(y.client, room);
    await x.client.next('member');
    await createGroup(x.client, room);

    await redis.kill();
    await waitUntil(async () => (await healthOf(a)).redisReachable === false, 5000, 'health to say so');
    x.client.send({ t: 'send', id: 'down', room, ct: 'AAAA' });
    expect(await x.client.next((f) => f.id === 'down')).toMatchObject({ t: 'error', code: 'unavailable' });
    expect(await joinRoom(y.client, newRoomId())).toMatchObject({ t: 'error', code: 'unavailable' });
    x.client.send({ t: 'ping', id: 'alive' });
    expect(await x.client.next('pong')).toMatchObject({ id: 'alive' });

    await redis.restart(); // empty: every key is gone
    await waitUntil(
      async () => (await healthOf(a)).redisReachable === true && (await healthOf(b)).redisReachable === true,
      10_000,
      'instances to reconnect',
    );
    await waitUntil(() => a.logs.some((l) => l.includes('rooms re-registered')), 5000, 'resync');
    expect(a.logs.some((l) => l.includes('redis unreachable'))).toBe(true);
    expect(a.logs.some((l) => l.includes('redis reachable again'))).toBe(true);

    // Keys restored: a ghostId issued before the restart is still live on the other instance.
    y.client.send({ t: 'check', id: 'k', ghostIds: [x.ghost.ghostId] });
    expect(await y.client.next('checked')).toMatchObject({ live: [true] });
    // Rooms restored: the same members talk across instances, newcomers see them both.
    await waitUntil(
      async () => {
        x.client.send({ t: 'send', room, ct: 'QUFB' });
        return (await y.client.next('msg', 500).catch(() => undefined)) !== undefined;
      },
      5000,
      'relay to resume',
    );
    const z = await connectSignedIn(b);
    const jz = await joinRoom(z.client, room);
    // Redis lost the room's group with its data: the room goes on without one (docs/scaling-out.md).
    expect(jz).toMatchObject({ epoch: 0, groupInfo: null });
    expect((jz.members as string[]).sort()).toEqual([jx.member, jy.member].sort());
    expect(x.client.closed).toBeUndefined();
    expect(y.client.closed).toBeUndefined();
    for (const p of [x, y, z]) p.client.close();
  }, 60_000); // its waits for reconnection add up to 25 s
});
