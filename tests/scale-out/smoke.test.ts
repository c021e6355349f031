import { afterAll, beforeAll, expect, it } from 'vitest';
import { healthOf, joinRoom, newRoomId, startInstances } from '../helpers/cluster-harness.ts';
import { startTestRedis, type TestRedis } from '../helpers/redis-server.ts';
import { connectSignedIn } from '../helpers/sign-in.ts';
import type { TestServer } from '../helpers/test-server.ts';

const MASTER = 'a'.repeat(64);
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

it('smoke', async () => {
  const [a, b] = servers as [TestServer, TestServer];
  expect(await healthOf(a)).toMatchObject({ store: 'redis', redisReachable: true });
  const x = await connectSignedIn(a);
  const y = await connectSignedIn(b);
  x.client.send({ t: 'check', id: 1, ghostIds: [y.ghost.ghostId] });
  expect(await x.client.next('checked')).toMatchObject({ live: [true] });
  const room = newRoomId();
  const jx = await joinRoom(x.client, room, { ttl: 3600 });
  const jy = await joinRoom(y.client, room);
  console.log(jx, jy);
  expect(await x.client.next('member')).toMatchObject({ member: jy.member, event: 'join' });
  y.client.send({ t: 'send', room, ct: 'AAAA', id: 's' });
  expect(await x.client.next('msg')).toMatchObject({ from: jy.member, ct: 'AAAA' });
  x.client.send({ t: 'signal', room, to: jy.member, ct: 'BBBB' });
  expect(await y.client.next('signal')).toMatchObject({ from: jx.member, ct: 'BBBB' });
  y.client.close();
  expect(await x.client.next('member')).toMatchObject({ member: jy.member, event: 'leave' });
  x.client.close();
});
