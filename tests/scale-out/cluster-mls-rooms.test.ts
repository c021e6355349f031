/**
 * MLS rooms of client-library members spread over two instances on one Redis (docs/scaling-out.md
 * "Handshakes"): joins from both instances at once, and two members on different instances
 * approving two knockers at the same moment. Each epoch has exactly one winner (Redis's
 * check-and-set), the loser retries on `stale_epoch`, and the whole group converges on one roster
 * and one epoch authenticator, every message read by every member.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestClient, nextEvent, type TestClient } from '../support/client-harness.ts';
import { startInstances } from '../support/cluster-harness.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { type CrowdMember, crowdMember, everyoneReadsEveryone, joinCrowd } from '../support/room-crowd.ts';
import { waitForFullRoom } from '../support/room-harness.ts';
import type { TestServer } from '../support/test-server.ts';
import { waitUntil } from '../support/wait-until.ts';

let redis: TestRedis;
let servers: TestServer[];
const open: TestClient[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  servers = await startInstances(redis, 2, { ANOGHOST_MASTER_KEY: '5e'.repeat(32) });
});
afterAll(async () => {
  for (const c of open) c.client.close();
  await Promise.all(servers.map((s) => s.stop()));
  await redis.stop();
});

/** `count` clients, alternating between the two instances. */
async function spread(count: number): Promise<TestClient[]> {
  const made = await Promise.all(Array.from({ length: count }, (_, i) => connectTestClient(servers[i % 2]!)));
  open.push(...made);
  return made;
}

interface WireCommit {
  epoch: number;
  outcome: 'committed' | 'stale_epoch' | 'other';
}

/** The commits a client sent and how the server answered each. */
function commitsOf(client: TestClient): WireCommit[] {
  const sent = client.wire.sent.map((f) => JSON.parse(f)).filter((f) => f.t === 'commit');
  const replies = new Map(
    client.wire.received
      .map((f) => JSON.parse(f))
      .filter((f) => f.id !== undefined)
      .map((f) => [String(f.id), f]),
  );
  return sent.map((f) => {
    const reply = replies.get(String(f.id));
    const outcome =
      reply?.t === 'committed' ? 'committed' : reply?.code === 'stale_epoch' ? 'stale_epoch' : 'other';
    return { epoch: f.epoch, outcome };
  });
}

describe('MLS rooms across two instances on Redis', () => {
  it('concurrent joins and concurrent approvals from two instances: one winner per epoch, one group', async () => {
    const tests = await spread(4);
    const creator = tests[0]!;
    const room = await creator.client.createFreeRoom({ ttl: 3600, admission: 'approval' });
    const crowd: CrowdMember[] = [crowdMember(creator, room)];

    // An approval room admits by knock: the first knocker (instance 1) is approved by the creator.
    const [k1, k2, k3] = [tests[1]!, tests[2]!, tests[3]!]; // instances 1, 0, 1
    const code = room.shareCode()!;
    const r1 = await k1.client.joinFreeRoom(code);
    await waitUntil(() => room.joinRequests().length === 1, 5000, 'the first knock');
    await room.approve(room.joinRequests()[0]!.id);
    await waitUntil(() => r1.status === 'joined' && r1.hasSecret, 10_000, 'the first knocker admitted');
    crowd.push(crowdMember(k1, r1));
    await waitForFullRoom(crowd.map((m) => m.room));

    // Two knockers; the creator (instance 0) and k1 (instance 1) approve one each, at the same moment.
    const r2 = await k2.client.joinFreeRoom(code);
    const r3 = await k3.client.joinFreeRoom(code);
    await waitUntil(
      () => [room, r1].every((r) => r.joinRequests().length === 2),
      10_000,
      'both knocks at both approvers',
    );
    const byMember = (r: typeof room, member: string) =>
      r.joinRequests().find((q) => q.member === member)!.id;
    await Promise.all([room.approve(byMember(room, r2.member)), r1.approve(byMember(r1, r3.member))]);
    await waitUntil(
      () => [r2, r3].every((r) => r.status === 'joined' && r.hasSecret),
      20_000,
      'both knockers admitted',
    );
    crowd.push(crowdMember(k2, r2), crowdMember(k3, r3));
    await waitForFullRoom(
      crowd.map((m) => m.room),
      20_000,
    );
    // The two approvals were made at one epoch on two instances: exactly one won it.
    const creatorCommits = commitsOf(creator);
    const k1Commits = commitsOf(k1);
    const contested = creatorCommits.filter((c) => k1Commits.some((d) => d.epoch === c.epoch));
    expect(contested.length).toBeGreaterThan(0);
    for (const { epoch } of contested) {
      const outcomes = [...creatorCommits, ...k1Commits]
        .filter((c) => c.epoch === epoch)
        .map((c) => c.outcome);
      expect(outcomes.filter((o) => o === 'committed')).toHaveLength(1);
      expect(outcomes).toContain('stale_epoch');
    }

    // A member admitted by knock holds S: after a reconnect it rejoins by itself.
    const back = nextEvent(r2, 'rejoined', undefined, 20_000);
    k2.dropSocket();
    await back;
    await waitForFullRoom(
      crowd.map((m) => m.room),
      20_000,
    );
    expect(await everyoneReadsEveryone(crowd, 'across instances')).toBe(4 * 3);
  });

  it('an open room grown by joins from both instances at once converges; every message read', async () => {
    const tests = await spread(8);
    const first = tests[0]!;
    const room = await first.client.createFreeRoom({ ttl: 3600 });
    const crowd: CrowdMember[] = [crowdMember(first, room)];
    await joinCrowd(crowd, tests.slice(1), room.shareCode()!, 4, 30_000);
    const epochs = crowd.map((m) => m.room.groupState()!.epoch);
    expect(new Set(epochs).size).toBe(1);
    const stale = tests.flatMap((t) => commitsOf(t)).filter((c) => c.outcome === 'stale_epoch');
    expect(stale.length).toBeGreaterThan(0); // joins did race across instances
    expect(await everyoneReadsEveryone(crowd, 'open room')).toBe(8 * 7);
  });
});
