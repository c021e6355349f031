/**
 * Rooms of 2, 8 and 64 client-library members through the real server with its default per-session
 * rate limits (only the per-address connection caps are raised: every client here comes from
 * 127.0.0.1): joins (some concurrent, so commits race and retry), leaves and reconnects, and after
 * each change every message read by every member present. The 256-member room is a benchmark
 * (`npm run bench -- rooms256`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestClient, nextEvent, type TestClient } from '../support/client-harness.ts';
import { type CrowdMember, crowdMember, everyoneReadsEveryone, joinCrowd } from '../support/room-crowd.ts';
import { waitForFullRoom } from '../support/room-harness.ts';
import { ONE_ADDRESS_LOAD_ENV, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const open: TestClient[] = [];
beforeAll(async () => {
  server = await startTestServer(ONE_ADDRESS_LOAD_ENV);
});
afterAll(async () => {
  for (const c of open) c.client.close();
  await server.stop();
});

async function clients(count: number): Promise<TestClient[]> {
  const made: TestClient[] = [];
  for (let i = 0; i < count; i += 16) {
    const batch = Math.min(16, count - i);
    made.push(...(await Promise.all(Array.from({ length: batch }, () => connectTestClient(server)))));
  }
  open.push(...made);
  return made;
}

/** Grows a room to `size`, then churns it: `churn` leave, `churn` reconnect, `churn` new join. */
async function churnRoom(size: number, churn: number, concurrency: number) {
  const tests = await clients(size + churn);
  const [first, ...rest] = tests;
  const created = await first!.client.createFreeRoom({ ttl: 3600 });
  const code = created.shareCode()!;
  const crowd: CrowdMember[] = [crowdMember(first!, created)];
  const joinStart = performance.now();
  await joinCrowd(crowd, rest.slice(0, size - 1), code, concurrency);
  const joinMs = performance.now() - joinStart;
  let pairs = await everyoneReadsEveryone(crowd, 'round 1');

  // `churn` members leave (not the creator), `churn` drop their sockets and rejoin.
  const leavers = crowd.splice(1, churn);
  await Promise.all(leavers.map((m) => m.room.leave()));
  const droppers = crowd.slice(1, 1 + churn);
  const rejoined = droppers.map((m) => nextEvent(m.room, 'rejoined', undefined, 60_000));
  for (const m of droppers) m.test.dropSocket();
  await Promise.all(rejoined);
  await waitForFullRoom(
    crowd.map((m) => m.room),
    60_000,
  );
  pairs += await everyoneReadsEveryone(crowd, 'round 2');

  // `churn` newcomers join at once.
  await joinCrowd(crowd, tests.slice(size), code, churn);
  pairs += await everyoneReadsEveryone(crowd, 'round 3');
  for (const m of leavers) expect(m.room.status).toBe('closed');
  for (const m of crowd) expect(m.room.status).toBe('joined');
  return { crowd, joinMs, pairs };
}

describe('rooms of 2, 8 and 64 members on MLS under the default rate limits', () => {
  it('2 members: join, reconnect, every message read', async () => {
    const [a, b] = await clients(2);
    const ra = await a!.client.createFreeRoom({ ttl: 3600 });
    const rb = await b!.client.joinFreeRoom(ra.shareCode()!);
    const crowd = [crowdMember(a!, ra), crowdMember(b!, rb)];
    await waitForFullRoom([ra, rb]);
    await everyoneReadsEveryone(crowd, 'hello');
    const back = nextEvent(ra, 'rejoined');
    a!.dropSocket();
    await back;
    await waitForFullRoom([ra, rb]);
    expect(await everyoneReadsEveryone(crowd, 'after the reconnect')).toBe(2);
  });

  it('8 members: joins two at a time, 2 leave, 2 reconnect, 2 join at once; every message read by every member present', async () => {
    const { crowd, pairs } = await churnRoom(8, 2, 2);
    expect(crowd).toHaveLength(8);
    expect(pairs).toBe(8 * 7 + 6 * 5 + 8 * 7);
  });

  it('64 members: joins four at a time, 4 leave, 4 reconnect, 4 join at once; every message read by every member present', async () => {
    const { crowd, joinMs, pairs } = await churnRoom(64, 4, 4);
    expect(crowd).toHaveLength(64);
    expect(pairs).toBe(64 * 63 + 60 * 59 + 64 * 63);
    console.log(`64-member room grown in ${Math.round(joinMs)} ms`);
  }, 240_000);
});
