/**
 * Handshakes in rooms version 2 (PROTOCOL.md §3): the epoch counter, `auth` under the handshake
 * key or the join key, the check order, one accepted commit per epoch, one relay order for all,
 * and the GroupInfo living exactly as long as the room. Real server, real sockets; the clients'
 * handshake keys are plain Ed25519 keys and the commits opaque bytes (the server knows no MLS).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FrameClient } from '../support/frame-client.ts';
import {
  commitFrame,
  commitNext,
  createGroup,
  joinRoom,
  newRoomId,
  opaque,
  type TestGroup,
} from '../support/free-rooms.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { createTestKey } from '../support/test-wallet.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ANOGHOST_FRAME_RATE: '1000' });
});
afterAll(() => server.stop());

async function clients(n: number): Promise<FrameClient[]> {
  return Promise.all(Array.from({ length: n }, () => connectSignedIn(server).then((s) => s.client)));
}

const b64u = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const chars = (bytes: number) => Math.ceil((bytes * 4) / 3);

/** A room with a group at epoch 1 (made by `a`) and `b` joined after it. */
async function roomWithGroup(): Promise<{
  a: FrameClient;
  b: FrameClient;
  outsider: FrameClient;
  group: TestGroup;
}> {
  const [a, b, outsider] = await clients(3);
  const room = newRoomId();
  await joinRoom(a!, room);
  const group = await createGroup(a!, room);
  await joinRoom(b!, room);
  await a!.next('member');
  return { a: a!, b: b!, outsider: outsider!, group };
}

/** The room still holds exactly `group`: its epoch and GroupInfo. */
async function expectUnchanged(client: FrameClient, group: TestGroup): Promise<void> {
  expect(await client.request({ t: 'group', room: group.room })).toMatchObject({
    t: 'group',
    room: group.room,
    epoch: group.epoch,
    groupInfo: group.groupInfo,
  });
}

describe('commit refusals, in PROTOCOL.md order, change nothing', () => {
  it('refuses bad shapes with bad_request, before anything else', async () => {
    const { a, b, outsider, group } = await roomWithGroup();
    const { room } = group;
    const signer = group.handshakeKey;
    const valid = () => commitFrame({ room, epoch: 1, signer }).frame;
    const cases: Array<[string, Record<string, unknown>]> = [
      ['unsigned after epoch 0', { ...valid(), auth: undefined }],
      ['commit: null after epoch 0', commitFrame({ room, epoch: 1, commit: null, signer }).frame],
      ['joinKey after epoch 0', commitFrame({ room, epoch: 1, signer, joinKey: createTestKey() }).frame],
      ['an epoch-0 frame without joinKey', commitFrame({ room, epoch: 0 }).frame],
      [
        'an epoch-0 frame with a commit',
        commitFrame({ room, epoch: 0, commit: opaque(), joinKey: createTestKey() }).frame,
      ],
      ['a 31-byte nextKey', { ...valid(), nextKey: b64u(new Uint8Array(31).fill(7)) }],
      ['a 33-byte nextKey', { ...valid(), nextKey: b64u(new Uint8Array(33).fill(7)) }],
      ['a 63-byte auth', { ...valid(), auth: b64u(new Uint8Array(63).fill(7)) }],
      ['a 65-byte auth', { ...valid(), auth: b64u(new Uint8Array(65).fill(7)) }],
      [
        'a 31-byte joinKey at epoch 0',
        { ...commitFrame({ room, epoch: 0 }).frame, joinKey: b64u(new Uint8Array(31)) },
      ],
      ['an empty groupInfo', { ...valid(), groupInfo: '' }],
      ['an empty commit', { ...valid(), commit: '' }],
      ['a groupInfo that is not base64url', { ...valid(), groupInfo: 'not base64!' }],
      ['a non-canonical nextKey ending', { ...valid(), nextKey: `${'A'.repeat(42)}B` }],
      ['a negative epoch', { ...valid(), epoch: -1 }],
      ['a fractional epoch', { ...valid(), epoch: 1.5 }],
      ['no groupInfo', { ...valid(), groupInfo: undefined }],
    ];
    // More than 10 malformed frames in a burst close a session (4400): spread them out.
    const [m1, m2, o1, o2] = await clients(4);
    await joinRoom(m1!, room);
    await joinRoom(m2!, room);
    const senders = [a, m1!, m2!];
    const outsiders = [outsider, o1!, o2!];
    for (const [i, [name, frame]] of cases.entries()) {
      const reply = await senders[i % 3]!.request(JSON.parse(JSON.stringify(frame)));
      expect(reply, name).toMatchObject({ t: 'error', code: 'bad_request' });
      // Shape comes before membership: an outsider gets the same answer.
      const outside = await outsiders[i % 3]!.request(JSON.parse(JSON.stringify(frame)));
      expect(outside, name).toMatchObject({ code: 'bad_request' });
    }
    for (const c of [m1, m2, o1, o2]) c!.close();
    await expectUnchanged(a, group);
    expect((await commitNext(a, group)).reply).toMatchObject({ t: 'committed', epoch: 2 });
    for (const c of [a, b, outsider]) c.close();
  });

  it('refuses commit and groupInfo one byte over their bounds with too_large, and takes exactly the bounds', async () => {
    const { a, b, outsider, group } = await roomWithGroup();
    const { room } = group;
    const signer = group.handshakeKey;
    const overCommit = commitFrame({ room, epoch: 1, commit: opaque(64 * 1024 + 1), signer }).frame;
    const overGroupInfo = commitFrame({ room, epoch: 1, groupInfo: opaque(128 * 1024 + 1), signer }).frame;
    for (const frame of [overCommit, overGroupInfo]) {
      expect(await a.request(frame)).toMatchObject({ t: 'error', code: 'too_large' });
      expect(await outsider.request(frame)).toMatchObject({ code: 'too_large' }); // sizes before membership
    }
    expect(String(overCommit.commit)).toHaveLength(chars(64 * 1024 + 1));
    await expectUnchanged(a, group);

    // Both at their bounds in one frame: about 256 KiB of b64u, under the 320 KiB frame limit.
    const commit = opaque(64 * 1024);
    const groupInfo = opaque(128 * 1024);
    const { frame, next } = commitFrame({ room, epoch: 1, commit, groupInfo, signer });
    expect(JSON.stringify(frame).length).toBeGreaterThan(256 * 1024);
    expect(await a.request(frame)).toMatchObject({ t: 'committed', epoch: 2 });
    expect(await b.next('commit')).toEqual({ t: 'commit', room, from: expect.any(String), epoch: 1, commit });
    group.epoch = 2;
    group.handshakeKey = next;
    group.groupInfo = groupInfo;
    await expectUnchanged(b, group);
    for (const c of [a, b, outsider]) c.close();
  });

  it('refuses a commit from a non-member with not_found, whatever its epoch', async () => {
    const { a, b, outsider, group } = await roomWithGroup();
    for (const epoch of [0, 1, 7]) {
      const { frame } = commitFrame({
        room: group.room,
        epoch,
        signer: epoch > 0 ? group.joinKey : undefined, // even a correct auth does not make a member
        joinKey: epoch === 0 ? createTestKey() : undefined,
      });
      expect(await outsider.request(frame)).toMatchObject({ t: 'error', code: 'not_found' });
    }
    // Another room's member is no member here either.
    const elsewhere = newRoomId();
    await joinRoom(outsider, elsewhere);
    const { frame } = commitFrame({ room: group.room, epoch: 1, signer: group.handshakeKey });
    expect(await outsider.request(frame)).toMatchObject({ code: 'not_found' });
    await expectUnchanged(a, group);
    for (const c of [a, b, outsider]) c.close();
  });

  it('refuses a stale epoch with stale_epoch and the current epoch, before checking auth', async () => {
    const { a, b, group } = await roomWithGroup();
    const { room } = group;
    // The second first joiner's epoch-0 frame: the loser of the creation race.
    const late = commitFrame({ room, epoch: 0, joinKey: createTestKey() }).frame;
    const reply = await b.request(late);
    expect(reply).toEqual({
      t: 'error',
      id: expect.any(String),
      code: 'stale_epoch',
      epoch: 1,
      message: expect.any(String),
    });
    // Ahead of the room, correctly signed or with garbage auth: stale either way (epoch before auth).
    for (const signer of [group.handshakeKey, createTestKey()]) {
      expect(await b.request(commitFrame({ room, epoch: 2, signer }).frame)).toMatchObject({
        code: 'stale_epoch',
        epoch: 1,
      });
    }
    await expectUnchanged(a, group);
    // Behind the room: a replay of an accepted frame.
    const { frame } = commitFrame({ room, epoch: 1, signer: group.handshakeKey });
    expect(await a.request(frame)).toMatchObject({ t: 'committed', epoch: 2 });
    await b.next('commit');
    expect(await a.request(frame)).toMatchObject({ code: 'stale_epoch', epoch: 2 });
    for (const c of [a, b]) c.close();
  });

  it('refuses auth by any other key, or over other bytes, with forbidden', async () => {
    const { a, b, group } = await roomWithGroup();
    const { room } = group;
    const stranger = createTestKey();
    const next = createTestKey();
    const forged: Array<[string, Record<string, unknown>]> = [
      ['a stranger', commitFrame({ room, epoch: 1, signer: stranger }).frame],
      ['the key it names itself', commitFrame({ room, epoch: 1, next, signer: next }).frame],
      ["the sender's sign-in key", commitFrame({ room, epoch: 1, signer: createTestKey() }).frame],
    ];
    // Signed by the right key over other bytes: another GroupInfo, commit, nextKey, epoch or room.
    const base = commitFrame({ room, epoch: 1, signer: group.handshakeKey }).frame;
    forged.push(['a swapped groupInfo', { ...base, groupInfo: opaque(300) }]);
    forged.push(['a swapped commit', { ...base, commit: opaque() }]);
    forged.push(['a swapped nextKey', { ...base, nextKey: b64u(createTestKey().publicKey) }]);
    const otherRoom = commitFrame({ room: newRoomId(), epoch: 1, signer: group.handshakeKey }).frame;
    forged.push(['a signature for another room', { ...base, auth: otherRoom.auth }]);
    const otherEpoch = commitFrame({
      room,
      epoch: 2,
      signer: group.handshakeKey,
      commit: base.commit as string,
      groupInfo: base.groupInfo as string,
    }).frame;
    forged.push(['a signature for another epoch', { ...base, auth: otherEpoch.auth }]);
    forged.push(['garbage', { ...base, auth: b64u(new Uint8Array(64).fill(0xab)) }]);
    for (const [name, frame] of forged) {
      expect(await b.request(frame), name).toMatchObject({ t: 'error', code: 'forbidden' });
    }
    await expectUnchanged(a, group);
    expect(b.frames.some((f) => f.t === 'commit')).toBe(false);
    expect(a.frames.some((f) => f.t === 'commit')).toBe(false);
    expect((await commitNext(b, group)).reply).toMatchObject({ t: 'committed', epoch: 2 });
    for (const c of [a, b]) c.close();
  });
});

describe('accepted commits', () => {
  it('accepts the epoch-0 frame unsigned, relays nothing for it, and hands joiners the GroupInfo', async () => {
    const [a, b, c] = await clients(3);
    const room = newRoomId();
    expect(await joinRoom(a!, room)).toMatchObject({ epoch: 0, groupInfo: null });
    await joinRoom(b!, room);
    expect(await b!.request({ t: 'group', room })).toMatchObject({
      t: 'group',
      room,
      epoch: 0,
      groupInfo: null,
    });
    const group = await createGroup(a!, room);
    expect(await joinRoom(c!, room)).toMatchObject({ epoch: 1, groupInfo: group.groupInfo });
    expect(await b!.request({ t: 'group', room })).toMatchObject({ epoch: 1, groupInfo: group.groupInfo });
    expect(b!.received.some((f) => f.t === 'commit')).toBe(false);
    for (const x of [a, b, c]) x!.close();
  });

  it('follows a chain signed alternately by the handshake key and the join key', async () => {
    const [a, b, c] = await clients(3);
    const room = newRoomId();
    const ja = await joinRoom(a!, room);
    const group = await createGroup(a!, room);
    const jb = await joinRoom(b!, room);
    const jc = await joinRoom(c!, room);
    const committers = [
      { client: a!, id: ja.member },
      { client: b!, id: jb.member },
      { client: c!, id: jc.member },
    ];
    for (let i = 0; i < 9; i++) {
      const { client, id } = committers[i % 3]!;
      const signer = i % 2 === 0 ? group.handshakeKey : group.joinKey;
      const before = group.epoch;
      const previousKey = group.handshakeKey;
      const { reply, commit } = await commitNext(client, group, signer);
      expect(reply).toMatchObject({ t: 'committed', epoch: before + 1 });
      for (const other of committers.filter((x) => x.client !== client)) {
        expect(await other.client.next('commit')).toEqual({
          t: 'commit',
          room,
          from: id,
          epoch: before,
          commit,
        });
      }
      expect(client.frames.some((f) => f.t === 'commit')).toBe(false); // not to its sender
      // The key of the epoch just left signs nothing any more.
      const replay = commitFrame({ room, epoch: group.epoch, signer: previousKey }).frame;
      if (previousKey !== group.joinKey) {
        expect(await client.request(replay)).toMatchObject({ code: 'forbidden' });
      }
    }
    await expectUnchanged(c!, group);
    expect(group.epoch).toBe(10);
    for (const x of [a, b, c]) x!.close();
  });

  it('accepts exactly one of two commits at the same epoch; the other is stale_epoch', async () => {
    const [a, b] = await clients(2);
    const room = newRoomId();
    await joinRoom(a!, room);
    const group = await createGroup(a!, room);
    await joinRoom(b!, room);
    for (let trial = 0; trial < 20; trial++) {
      const fromA = commitFrame({ room, epoch: group.epoch, signer: group.handshakeKey });
      const fromB = commitFrame({ room, epoch: group.epoch, signer: group.joinKey });
      const [ra, rb] = await Promise.all([a!.request(fromA.frame), b!.request(fromB.frame)]);
      const replies = [ra, rb];
      expect(replies.filter((r) => r.t === 'committed')).toEqual([
        { t: 'committed', id: expect.any(String), epoch: group.epoch + 1 },
      ]);
      expect(replies.filter((r) => r.code === 'stale_epoch')).toMatchObject([{ epoch: group.epoch + 1 }]);
      const winner = ra.t === 'committed' ? fromA : fromB;
      const loser = ra.t === 'committed' ? b! : a!;
      expect((await loser.next('commit')).commit).toBe(winner.frame.commit);
      group.epoch += 1;
      group.handshakeKey = winner.next;
      group.groupInfo = winner.frame.groupInfo as string;
    }
    await expectUnchanged(a!, group);
    for (const x of [a, b]) x!.close();
  });

  it('relays commits and sends in one order that every member sees', async () => {
    const [a, b, c] = await clients(3);
    const room = newRoomId();
    await joinRoom(a!, room);
    const group = await createGroup(a!, room);
    await joinRoom(b!, room);
    await joinRoom(c!, room);
    const members = [a!, b!, c!];
    /** What each member sent, as the others would see it, in its own order. */
    const sentBy: string[][] = [[], [], []];
    let n = 0;
    const send = (from: number) => {
      const ct = `m${from}x${n++}`.padEnd(16, 'A');
      sentBy[from]!.push(`msg:${ct}`);
      members[from]!.send({ t: 'send', room, ct });
    };
    const commit = (from: number, frame: Record<string, unknown>, id: string) => {
      sentBy[from]!.push(`commit:${String(frame.commit)}`);
      members[from]!.send({ ...frame, id });
    };
    // Every member pipelines without waiting: a chains two commits (both accepted), c races a
    // join-key commit against a's second one (one of the two wins), b only sends.
    for (let round = 0; round < 5; round++) {
      const first = commitFrame({ room, epoch: group.epoch, signer: group.handshakeKey });
      const second = commitFrame({ room, epoch: group.epoch + 1, signer: first.next });
      const external = commitFrame({ room, epoch: group.epoch + 1, signer: group.joinKey });
      commit(0, first.frame, `a1-${round}`);
      send(1);
      send(0);
      commit(2, external.frame, `c-${round}`);
      commit(0, second.frame, `a2-${round}`);
      send(2);
      send(1);
      const [r1, r2, rc] = await Promise.all([
        a!.next((f) => f.id === `a1-${round}`),
        a!.next((f) => f.id === `a2-${round}`),
        c!.next((f) => f.id === `c-${round}`),
      ]);
      expect(r1).toMatchObject({ t: 'committed', epoch: group.epoch + 1 });
      expect([r2.t, rc.t].sort()).toEqual(['committed', 'error']);
      group.epoch += 2;
      group.handshakeKey = r2.t === 'committed' ? second.next : external.next;
    }
    // A last send from each; once every member has the others' last ones, it has everything.
    for (const from of [0, 1, 2]) send(from);
    for (const [i, m] of members.entries()) {
      const lasts = [0, 1, 2].filter((x) => x !== i).map((x) => sentBy[x]!.at(-1)!.slice(4));
      for (const ct of lasts) await m.next((f) => f.t === 'msg' && f.ct === ct);
    }
    const seen = members.map((m) =>
      m.received
        .filter((f) => f.t === 'msg' || f.t === 'commit')
        .map((f) => (f.t === 'msg' ? `msg:${f.ct}` : `commit:${f.commit}`)),
    );
    const common = (list: string[], other: string[]) => list.filter((e) => other.includes(e));
    for (let x = 0; x < 3; x++) {
      for (let y = x + 1; y < 3; y++) expect(common(seen[x]!, seen[y]!)).toEqual(common(seen[y]!, seen[x]!));
      // Every other sender's frames arrive in the order it sent them (refused commits are not relayed).
      for (let from = 0; from < 3; from++) {
        if (from === x) continue;
        expect(seen[x]!.filter((e) => sentBy[from]!.includes(e))).toEqual(common(sentBy[from]!, seen[x]!));
      }
    }
    expect(seen[1]!.filter((e) => e.startsWith('commit:'))).toHaveLength(10);
    for (const m of members) m.close();
  });
});

describe('the GroupInfo lives as long as the room', () => {
  it('is gone with the last member: a new join finds epoch 0 and groupInfo null', async () => {
    await vi.waitFor(() => expect(server.rooms.roomCount).toBe(0), { timeout: 5000 });
    const { a, b, group } = await roomWithGroup();
    await commitNext(a, group);
    b.send({ t: 'leave', room: group.room });
    await b.next('left');
    a.close();
    await vi.waitFor(() => expect(server.rooms.roomCount).toBe(0), { timeout: 5000 });
    expect(await joinRoom(b, group.room)).toMatchObject({ epoch: 0, groupInfo: null, members: [] });
    // The old group's keys are nothing here now: the counter is 0 again.
    const { frame } = commitFrame({ room: group.room, epoch: group.epoch, signer: group.joinKey });
    expect(await b.request(frame)).toMatchObject({ code: 'stale_epoch', epoch: 0 });
    b.close();
  });
});
