/**
 * Handshakes across instances (PROTOCOL.md §3, docs/scaling-out.md "Handshakes"): one Redis
 * check-and-set decides each epoch for every instance, accepted commits travel in one order to
 * members on every instance, a committer's later frames follow its commit everywhere, and a bad
 * `auth` on any instance changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstances } from '../support/cluster-harness.ts';
import type { FrameClient } from '../support/frame-client.ts';
import {
  commitFrame,
  commitNext,
  createGroup,
  joinRoom,
  newRoomId,
  type TestGroup,
} from '../support/free-rooms.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import type { TestServer } from '../support/test-server.ts';
import { createTestKey } from '../support/test-wallet.ts';

const MASTER = '7d'.repeat(32);
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

interface Party {
  client: FrameClient;
  member: string;
}

/** Two members on each instance in one room, with a group at epoch 1 made by the first. */
async function spreadRoom(): Promise<{ parties: Party[]; group: TestGroup; room: string }> {
  const [a, b] = servers as [TestServer, TestServer];
  const sessions = await Promise.all([a, a, b, b].map((s) => connectSignedIn(s)));
  const room = newRoomId();
  const parties: Party[] = [];
  let group: TestGroup | undefined;
  for (const s of sessions) {
    const joined = await joinRoom(s.client, room);
    parties.push({ client: s.client, member: String(joined.member) });
    group ??= await createGroup(s.client, room); // the group exists before the others join
  }
  return { parties, group: group!, room };
}

const commitsSeen = (client: FrameClient) =>
  client.received.filter((f) => f.t === 'commit').map((f) => `${f.epoch}:${f.from}:${f.commit}`);

describe('commits across instances', () => {
  it('lets exactly one of two concurrent commits from two instances win, 50 times, and converges', async () => {
    const { parties, group, room } = await spreadRoom();
    const [onA, , onB] = parties as [Party, Party, Party, Party];
    const accepted: string[] = [];
    for (let trial = 0; trial < 50; trial++) {
      const fromA = commitFrame({ room, epoch: group.epoch, signer: group.handshakeKey });
      const fromB = commitFrame({ room, epoch: group.epoch, signer: group.joinKey });
      const [ra, rb] = await Promise.all([onA.client.request(fromA.frame), onB.client.request(fromB.frame)]);
      const won = [ra, rb].filter((r) => r.t === 'committed');
      expect(won, `trial ${trial}`).toEqual([
        { t: 'committed', id: expect.any(String), epoch: group.epoch + 1 },
      ]);
      const lost = ra.t === 'committed' ? rb : ra;
      expect(lost).toMatchObject({ t: 'error', code: 'stale_epoch', epoch: group.epoch + 1 });
      const [winner, by] = ra.t === 'committed' ? [fromA, onA] : [fromB, onB];
      accepted.push(`${group.epoch}:${by.member}:${winner.frame.commit}`);
      group.epoch += 1;
      group.handshakeKey = winner.next;
      group.groupInfo = winner.frame.groupInfo as string;
    }
    // Every member, on either instance, got every accepted commit but its own, in one order.
    for (const p of parties) {
      const expected = accepted.filter((c) => c.split(':')[1] !== p.member);
      await waitForCount(p.client, expected.length);
      expect(commitsSeen(p.client)).toEqual(expected);
    }
    for (const p of parties) {
      expect(await p.client.request({ t: 'group', room })).toMatchObject({
        epoch: 51,
        groupInfo: group.groupInfo,
      });
    }
    for (const p of parties) p.client.close();
  }, 60_000);

  it("relays a committer's later frames after its commit, on its instance and the other", async () => {
    const { parties, group, room } = await spreadRoom();
    const [committer, ...others] = parties as [Party, Party, Party, Party];
    for (let round = 0; round < 10; round++) {
      const { frame, next } = commitFrame({ room, epoch: group.epoch, signer: group.handshakeKey });
      committer.client.send({ ...frame, id: `c${round}` });
      const ct = `after${round}`.padEnd(12, 'A');
      committer.client.send({ t: 'send', room, ct }); // pipelined: made in the new epoch
      for (const other of others) {
        const firstFrame = await other.client.next((f) => f.t === 'commit' || f.t === 'msg');
        expect(firstFrame).toMatchObject({ t: 'commit', commit: frame.commit, epoch: group.epoch });
        expect(await other.client.next('msg')).toMatchObject({ ct });
      }
      expect(await committer.client.next((f) => f.id === `c${round}`)).toMatchObject({ t: 'committed' });
      group.epoch += 1;
      group.handshakeKey = next;
    }
    for (const p of parties) p.client.close();
  });

  it('refuses a bad auth or a non-member on either instance and changes nothing', async () => {
    const { parties, group, room } = await spreadRoom();
    const [onA, , onB] = parties as [Party, Party, Party, Party];
    const forged = commitFrame({ room, epoch: 1, signer: createTestKey() }).frame;
    expect(await onB.client.request(forged)).toMatchObject({ code: 'forbidden' });
    expect(await onA.client.request(forged)).toMatchObject({ code: 'forbidden' });
    const outsider = await connectSignedIn(servers[1]!);
    const valid = commitFrame({ room, epoch: 1, signer: group.joinKey }).frame;
    expect(await outsider.client.request(valid)).toMatchObject({ code: 'not_found' });
    expect(await outsider.client.request({ t: 'group', room })).toMatchObject({ code: 'not_found' });
    for (const p of parties) {
      expect(await p.client.request({ t: 'group', room })).toMatchObject({
        epoch: 1,
        groupInfo: group.groupInfo,
      });
    }
    expect((await commitNext(onB.client, group, group.joinKey)).reply).toMatchObject({ epoch: 2 });
    for (const p of [...parties.map((x) => x.client), outsider.client]) p.close();
  });
});

/** Waits until `client` has received `count` relayed commits. */
async function waitForCount(client: FrameClient, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (commitsSeen(client).length < count && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
}
