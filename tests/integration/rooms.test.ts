import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeB64u } from '../../shared/encoding.ts';
import { createGroup, joinRoom, newRoomId } from '../support/free-rooms.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { ONE_ADDRESS_LOAD_ENV, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  // 257 members at once from 127.0.0.1: above the default per-address caps.
  server = await startTestServer(
    { ANOGHOST_FRAME_RATE: '1000', ...ONE_ADDRESS_LOAD_ENV },
    { roomSecondMs: 20 },
  );
});
afterAll(() => server.stop());

async function clients(n: number) {
  return Promise.all(Array.from({ length: n }, () => connectSignedIn(server).then((s) => s.client)));
}

describe('free rooms (PROTOCOL.md §3)', () => {
  it('creates on first join, announces members, relays messages with ts and acks the sender', async () => {
    const [a, b, c] = await clients(3);
    const room = newRoomId();
    const ja = await joinRoom(a!, room, { ttl: 3600, msgTtl: 30, admission: 'approval' });
    expect(ja).toEqual({
      t: 'joined',
      id: expect.any(String),
      room,
      member: expect.any(String),
      members: [],
      epoch: 0,
      groupInfo: null,
      admission: 'approval',
      expiresAt: expect.any(Number),
      msgTtl: 30,
    });
    expect(ja.expiresAt as number).toBeGreaterThan(Date.now());
    const group = await createGroup(a!, room);
    b!.send({ t: 'join', id: 'jb', room, ttl: 60, msgTtl: 5, admission: 'open' });
    const jb = await b!.next('joined');
    expect(jb.members).toEqual([ja.member]);
    expect(jb.expiresAt).toBe(ja.expiresAt); // later joiners' ttl, msgTtl and admission are ignored
    expect(jb.msgTtl).toBe(30);
    expect(jb).toMatchObject({ admission: 'approval', epoch: 1, groupInfo: group.groupInfo });
    expect(await a!.next('member')).toEqual({ t: 'member', room, member: jb.member, event: 'join' });
    const jc = await joinRoom(c!, room);
    expect(jc.members).toEqual([ja.member, jb.member]);
    await a!.next('member');
    await b!.next('member');

    const ct = encodeB64u(randomBytes(1024));
    a!.send({ t: 'send', id: 's1', room, ct });
    const sent = await a!.next('sent');
    expect(sent).toMatchObject({ id: 's1', ts: expect.any(Number) });
    for (const other of [b!, c!]) {
      expect(await other.next('msg')).toEqual({ t: 'msg', room, from: ja.member, ct, ts: sent.ts });
    }
    expect(a!.frames.some((f) => f.t === 'msg')).toBe(false);

    b!.send({ t: 'signal', room, to: jc.member, ct: 'AAAA' });
    expect(await c!.next('signal')).toEqual({ t: 'signal', room, from: jb.member, ct: 'AAAA' });

    c!.send({ t: 'leave', room, id: 'l1' });
    expect(await c!.next('left')).toEqual({ t: 'left', room, id: 'l1' });
    expect(await a!.next('member')).toEqual({ t: 'member', room, member: jc.member, event: 'leave' });
    b!.close();
    expect(await a!.next('member')).toEqual({ t: 'member', room, member: jb.member, event: 'leave' });
    a!.close();
    c!.close();
  });

  it('gives members fresh random ids not tied to the session', async () => {
    const [a] = await clients(1);
    const r1 = await joinRoom(a!, newRoomId());
    const r2 = await joinRoom(a!, newRoomId());
    expect(r1.member).not.toBe(r2.member);
    expect(String(r1.member)).toMatch(/^[A-Za-z0-9_-]{12}$/);
    a!.close();
  });

  it('destroys the room when the last member leaves; the next join starts fresh', async () => {
    // Earlier tests closed all their clients; their rooms go once the server has seen the closes.
    await vi.waitFor(() => expect(server.rooms.roomCount).toBe(0), { timeout: 5000 });
    const [a, b] = await clients(2);
    const room = newRoomId();
    const first = await joinRoom(a!, room, { ttl: 3600, msgTtl: 10, admission: 'approval' });
    await createGroup(a!, room);
    expect(await joinRoom(b!, room)).toMatchObject({ epoch: 1, groupInfo: expect.any(String) });
    expect(server.rooms.roomCount).toBe(1);
    a!.send({ t: 'leave', room });
    await a!.next('left');
    b!.close();
    await vi.waitFor(() => expect(server.rooms.roomCount).toBe(0), { timeout: 5000 });
    const again = await joinRoom(a!, room, { ttl: 7200 });
    expect(again.members).toEqual([]);
    // The group went with the room: epoch 0, no GroupInfo, the new first joiner's settings.
    expect(again).toMatchObject({ epoch: 0, groupInfo: null, admission: 'open' });
    expect(again.msgTtl).toBeNull();
    expect(again.expiresAt).not.toBe(first.expiresAt);
    a!.close();
  });

  it('closes an expired room for every member and refuses later joins with expired', async () => {
    const [a, b, c] = await clients(3);
    const room = newRoomId();
    await joinRoom(a!, room, { ttl: 60 }); // 60 ttl-seconds = 1.2 s with the test clock
    await joinRoom(b!, room);
    expect(await a!.next('closed', 3000)).toEqual({ t: 'closed', room, reason: 'expired' });
    expect(await b!.next('closed', 3000)).toEqual({ t: 'closed', room, reason: 'expired' });
    expect(await joinRoom(c!, room)).toMatchObject({ t: 'error', code: 'expired' });
    a!.send({ t: 'send', id: 'late', room, ct: 'AAAA' });
    expect(await a!.next((f) => f.id === 'late')).toMatchObject({ code: 'not_found' });
    for (const x of [a, b, c]) x!.close();
  });
});

describe('long-lived rooms', () => {
  it('keeps a room with the longest ttl (30 days, past the 24.8-day timer limit) open', async () => {
    const real = await startTestServer();
    const [a, b] = await Promise.all([connectSignedIn(real), connectSignedIn(real)]);
    const room = newRoomId();
    const joined = await joinRoom(a.client, room, { ttl: 30 * 24 * 3600 });
    expect(joined.expiresAt as number).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await joinRoom(b.client, room)).toMatchObject({ t: 'joined', members: [joined.member] });
    expect(a.client.frames.some((f) => f.t === 'closed')).toBe(false);
    a.client.close();
    b.client.close();
    await real.stop();
  });
});

describe('room errors and limits (PROTOCOL.md §5)', () => {
  it('refuses ct over 49,152 characters (49,154) with too_large, and accepts exactly that', async () => {
    const [a, b] = await clients(2);
    const room = newRoomId();
    await joinRoom(a!, room);
    await joinRoom(b!, room);
    a!.send({ t: 'send', id: 'big', room, ct: 'A'.repeat(49_154) });
    expect(await a!.next((f) => f.id === 'big')).toMatchObject({ t: 'error', code: 'too_large' });
    a!.send({ t: 'send', id: 'max', room, ct: 'A'.repeat(49_152) });
    expect(await a!.next((f) => f.id === 'max')).toMatchObject({ t: 'sent' });
    expect((await b!.next('msg')).ct).toHaveLength(49_152);
    a!.close();
    b!.close();
  });

  it('refuses signal ct over 180,000 characters (180,002) with too_large, and accepts exactly that', async () => {
    const [a, b] = await clients(2);
    const room = newRoomId();
    await joinRoom(a!, room);
    const jb = await joinRoom(b!, room);
    a!.send({ t: 'signal', id: 'big', room, to: jb.member, ct: 'A'.repeat(180_002) });
    expect(await a!.next((f) => f.id === 'big')).toMatchObject({ t: 'error', code: 'too_large' });
    a!.send({ t: 'signal', id: 'max', room, to: jb.member, ct: 'A'.repeat(180_000) });
    expect((await b!.next('signal')).ct).toHaveLength(180_000);
    expect(a!.frames.some((f) => f.id === 'max')).toBe(false); // a signal has no reply
    a!.close();
    b!.close();
  });

  it('refuses the version-1 bundle field and typing frame with bad_request', async () => {
    const [a] = await clients(1);
    const room = newRoomId();
    expect(await joinRoom(a!, room, { bundle: 'QUJD' })).toMatchObject({ t: 'error', code: 'bad_request' });
    await joinRoom(a!, room);
    expect(await a!.request({ t: 'typing', room })).toMatchObject({ t: 'error', code: 'bad_request' });
    expect(await joinRoom(a!, newRoomId(), { admission: 'closed' })).toMatchObject({ code: 'bad_request' });
    a!.close();
  });

  it('answers frames for rooms the session is not in with not_found', async () => {
    const [a, b] = await clients(2);
    const room = newRoomId();
    await joinRoom(b!, room);
    for (const frame of [
      { t: 'send', id: 1, room, ct: 'AAAA' },
      { t: 'group', id: 2, room },
      { t: 'leave', id: 3, room },
      { t: 'signal', id: 4, room, to: 'x', ct: 'AAAA' },
    ]) {
      a!.send(frame);
      expect(await a!.next((f) => f.id === frame.id)).toMatchObject({ t: 'error', code: 'not_found' });
    }
    b!.send({ t: 'signal', id: 5, room, to: 'nobody', ct: 'AAAA' });
    expect(await b!.next((f) => f.id === 5)).toMatchObject({ code: 'not_found' });
    expect(b!.frames.some((f) => f.t === 'signal')).toBe(false);
    a!.close();
    b!.close();
  });

  it('refuses a second join of the same room by one session', async () => {
    const [a] = await clients(1);
    const room = newRoomId();
    await joinRoom(a!, room);
    expect(await joinRoom(a!, room)).toMatchObject({ code: 'bad_request' });
    a!.close();
  });

  it('allows 16 rooms per session and refuses the 17th with forbidden', async () => {
    const [a] = await clients(1);
    for (let i = 0; i < 16; i++) expect(await joinRoom(a!, newRoomId())).toMatchObject({ t: 'joined' });
    expect(await joinRoom(a!, newRoomId())).toMatchObject({ t: 'error', code: 'forbidden' });
    a!.close();
  });

  it('allows 256 members per room and refuses the 257th with room_full', async () => {
    const room = newRoomId();
    const members = await clients(257);
    for (let i = 0; i < 256; i++) expect(await joinRoom(members[i]!, room)).toMatchObject({ t: 'joined' });
    expect(await joinRoom(members[256]!, room)).toMatchObject({ t: 'error', code: 'room_full' });
    for (const m of members) m.close();
  }, 60_000);

  it('refuses paid joins while paid chats are not configured, without closing', async () => {
    const [a] = await clients(1);
    a!.send({ t: 'join', id: 'k', key: '11111111111111111111111111111111' });
    expect(await a!.next('error')).toMatchObject({ id: 'k' });
    a!.send({ t: 'ping', id: 'alive' });
    expect(await a!.next('pong')).toMatchObject({ id: 'alive' });
    a!.close();
  });
});
