import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, RoomStateError } from '../../shared/client/client-errors.ts';
import type { Room } from '../../shared/client/room.ts';
import { createMemberBundle } from '../../shared/e2e/member-bundle.ts';
import { createUnsendMessage } from '../../shared/e2e/message-plaintext.ts';
import { encodeB64u } from '../../shared/encoding.ts';
import { collectEvents, connectTestClient, nextEvent, type TestClient } from '../support/client-harness.ts';
import {
  createKeptGroups,
  framesContaining,
  sentCiphertexts,
  waitForFullRoom,
} from '../support/room-harness.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { waitUntil } from '../support/wait-until.ts';

let server: TestServer;
const open: TestClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const c of open) c.client.close();
  await server.stop();
});

async function clients(count: number, options: Parameters<typeof connectTestClient>[1] = {}) {
  const made = await Promise.all(Array.from({ length: count }, () => connectTestClient(server, options)));
  open.push(...made);
  return made;
}

const unique = (label: string) => `${label} ${Math.random().toString(36).slice(2)}`;

/** A creates a free room; the others join by share code and by join link. */
async function roomOf(members: TestClient[], options = { ttl: 3600 } as { ttl: number; msgTtl?: number }) {
  const [first, ...rest] = members;
  const created = await first!.client.createFreeRoom(options);
  const joined: Room[] = [];
  for (const [i, m] of rest.entries()) {
    const input = i % 2 === 0 ? created.shareCode()! : created.joinUrl()!;
    joined.push(await m.client.joinFreeRoom(input));
  }
  const rooms = [created, ...joined];
  await waitForFullRoom(rooms);
  return rooms;
}

describe('client rooms (PROTOCOL.md §3) through the real server', () => {
  it('relays messages that every member and only members decrypt; the wire carries no plaintext, wallet or S', async () => {
    const [a, b, c, outsider] = await clients(4);
    const [ra, rb, rc] = await roomOf([a!, b!, c!]);
    expect(rb!.handle).toBe(ra!.handle);
    expect(new Set([ra!.safetyCode(), rb!.safetyCode(), rc!.safetyCode()]).size).toBe(1);

    const fromA = unique('hello from A');
    const gotB = nextEvent(rb!, 'message');
    const gotC = nextEvent(rc!, 'message');
    const sent = await ra!.sendText(fromA);
    expect((await gotB).body).toBe(fromA);
    expect((await gotC).body).toBe(fromA);
    expect((await gotB).from).toBe(ra!.member);
    expect(sent.own).toBe(true);

    const fromC = unique('reply from C');
    const back = [nextEvent(ra!, 'message'), nextEvent(rb!, 'message')];
    await rc!.sendText(fromC);
    for (const got of await Promise.all(back)) expect(got.body).toBe(fromC);
    expect(ra!.messages().map((m) => m.body)).toEqual([fromA, fromC]);

    const all = [a!, b!, c!, outsider!];
    expect(outsider!.wire.received.some((f) => f.includes(ra!.handle))).toBe(false);
    for (const secret of [fromA, fromC, ra!.shareCode()!, encodeB64u(ra!.linkSecret!)]) {
      expect(framesContaining(all, secret)).toEqual([]);
    }
    for (const t of all) {
      const carrying = framesContaining(all, t.wallet.address).map((f) => JSON.parse(f).t);
      expect(carrying).toEqual(['auth']); // only its own sign-in, and only outgoing
    }
    expect(framesContaining([a!, b!, c!], ra!.handle).length).toBeGreaterThan(0); // the capture works
  });

  it('a leaver cannot decrypt what follows, a late joiner what came before', async () => {
    const kept = createKeptGroups();
    const [a, b] = await clients(2);
    const [c, d] = await clients(2, { createSenderKeyGroup: kept.factory });
    const [ra, rb, rc] = await roomOf([a!, b!, c!]);

    const before = nextEvent(rc!, 'message');
    await ra!.sendText(unique('m1'));
    await before; // C could read while a member

    const left = nextEvent(ra!, 'member-left');
    await rc!.leave();
    expect((await left).member).toBeTruthy();
    expect(rc!.status).toBe('closed');
    const gotB = nextEvent(rb!, 'message');
    await ra!.sendText(unique('m2 after C left'));
    await gotB;
    const m2 = sentCiphertexts(a!).at(-1)!;
    const leaverGroup = kept.groups[0]!;
    expect(await leaverGroup.decrypt(ra!.member, m2)).toEqual({ ok: false, error: 'unknown_chain' });

    const rd = await d!.client.joinFreeRoom(ra!.shareCode()!);
    await waitForFullRoom([ra!, rb!, rd]);
    const joinerGroup = kept.groups[1]!;
    expect((await joinerGroup.decrypt(ra!.member, m2)).ok).toBe(false);
    const m3 = unique('m3 after D joined');
    const gotD = nextEvent(rd, 'message');
    await ra!.sendText(m3);
    expect((await gotD).body).toBe(m3);
    expect(rd.messages().map((m) => m.body)).toEqual([m3]);
  });

  it('temporary messages vanish on every member at the end of their lifetime', async () => {
    const members = await clients(3);
    const rooms = await roomOf(members, { ttl: 3600, msgTtl: 1 });
    expect(rooms.every((r) => r.msgTtl === 1)).toBe(true);
    const removed = rooms.map((r) => collectEvents(r, 'message-removed'));
    const arrived = rooms.map((r) => collectEvents(r, 'message'));
    const temporary = await rooms[0]!.sendText(unique('gone in a second'));
    const lasting = await rooms[0]!.sendText(unique('stays'), { ttl: 3600 });
    // Count arrivals, not lists: under load the temporary message may already be gone from one
    // member before another has received the second.
    const has = (list: { id: string }[], id: string) => list.some((m) => m.id === id);
    await waitUntil(
      () => arrived.every((list) => has(list, temporary.id) && has(list, lasting.id)),
      5000,
      'both messages everywhere',
    );
    for (const list of arrived) {
      expect(list.map((m) => [m.id, m.ttl])).toEqual([
        [temporary.id, 1],
        [lasting.id, 3600],
      ]);
    }
    await waitUntil(() => removed.every((list) => list.length === 1), 3000, 'expiry on every member');
    for (const [i, room] of rooms.entries()) {
      expect(removed[i]![0]).toMatchObject({ reason: 'expired', message: { id: temporary.id } });
      expect(room.messages().map((m) => m.id)).toEqual([lasting.id]);
    }
  });

  it("unsend removes a message everywhere; only its sender's unsend counts", async () => {
    const kept = createKeptGroups();
    const [a, c] = await clients(2);
    const [b] = await clients(1, { createSenderKeyGroup: kept.factory });
    const [ra, rb, rc] = await roomOf([a!, b!, c!]);
    const arrived = [nextEvent(rb!, 'message'), nextEvent(rc!, 'message')];
    const target = await ra!.sendText(unique('to be unsent'));
    await Promise.all(arrived);

    // B forges an unsend of A's message (a validly encrypted one from B): C must ignore it.
    const forged = await kept.groups[0]!.encrypt(createUnsendMessage(target.id));
    b!.client.connection.send({ t: 'send', room: rb!.handle, ct: forged });
    const marker = nextEvent(rc!, 'message');
    await rb!.sendText(unique('marker after the forgery'));
    await marker;
    expect(rc!.messages().some((m) => m.id === target.id)).toBe(true);
    await expect(rb!.unsend(target.id)).rejects.toBeInstanceOf(RoomStateError);

    const removed = [rb!, rc!].map((r) => nextEvent(r, 'message-removed'));
    await ra!.unsend(target.id);
    for (const event of await Promise.all(removed)) {
      expect(event).toMatchObject({ reason: 'unsent', message: { id: target.id } });
    }
    for (const room of [ra!, rb!, rc!]) expect(room.messages().some((m) => m.id === target.id)).toBe(false);
  });

  it('shows typing to the others', async () => {
    const [a, b, c] = await clients(3);
    const [ra, rb, rc] = await roomOf([a!, b!, c!]);
    const seen = [nextEvent(rb!, 'typing'), nextEvent(rc!, 'typing')];
    ra!.typing();
    ra!.typing(); // throttled: one notice per 2 s reaches the wire
    for (const event of await Promise.all(seen)) expect(event.member).toBe(ra!.member);
    expect(a!.wire.sent.filter((f) => JSON.parse(f).t === 'typing')).toHaveLength(1);
  });

  it('a room emptied is destroyed: the next join starts it afresh', async () => {
    const [a, b, c] = await clients(3);
    const [ra, rb] = await roomOf([a!, b!], { ttl: 600 });
    const code = ra!.shareCode()!;
    const oldExpiry = ra!.expiresAt!;
    await ra!.sendText(unique('before'));
    await rb!.leave();
    await ra!.leave();
    expect(a!.client.rooms()).toEqual([]);
    const rc = await c!.client.joinFreeRoom(code, { ttl: 1200 });
    expect(rc.members()).toEqual([]);
    expect(rc.expiresAt! - oldExpiry).toBeGreaterThan(500_000);
    expect(rc.messages()).toEqual([]);
  });

  it('rejoins rooms after a reconnect, with new keys, and keeps chatting', async () => {
    const [a, b, c] = await clients(3);
    const [ra, rb, rc] = await roomOf([a!, b!, c!]);
    const oldB = rb!.member;
    const rejoined = nextEvent(rb!, 'rejoined');
    const leftA = nextEvent(ra!, 'member-left', (e) => e.member === oldB);
    b!.dropSocket();
    const { member } = await rejoined;
    expect(member).not.toBe(oldB);
    await leftA;
    await waitForFullRoom([ra!, rb!, rc!]);
    const text = unique('after the reconnect');
    const got = [nextEvent(rb!, 'message'), nextEvent(rc!, 'message')];
    await ra!.sendText(text);
    for (const m of await Promise.all(got)) expect(m.body).toBe(text);
    const fromB = nextEvent(ra!, 'message');
    await rb!.sendText(unique('B is back'));
    expect((await fromB).from).toBe(rb!.member);
    expect(b!.wallet.calls).toBe(1);
  });

  it('refuses a member whose bundle lacks a proof of S (what the server could forge) and sends it no key', async () => {
    const [a, b] = await clients(2);
    const [ra, rb] = await roomOf([a!, b!]);
    const code = ra!.safetyCode();
    const spy = await connectSignedIn(server); // knows the roomId, as the server does, but not S
    const refused = nextEvent(ra!, 'member-joined');
    spy.client.send({ t: 'join', id: 'j', room: ra!.handle, bundle: createMemberBundle().bundle });
    const joined = await spy.client.next('joined');
    expect(await refused).toEqual({ member: joined.member, accepted: false, reason: 'missing_proof' });
    const text = unique('not for the spy');
    const got = nextEvent(rb!, 'message');
    await ra!.sendText(text);
    await got;
    expect(ra!.safetyCode()).toBe(code);
    const toSpy = a!.wire.sent.filter((f) => f.includes(String(joined.member)));
    expect(toSpy).toEqual([]);
    const relayed = await spy.client.next('msg');
    expect(relayed.ct).toBe(sentCiphertexts(a!).at(-1));
    spy.client.close();
  });

  it('recreates a room whose every member dropped, with its expiry and msgTtl, on rejoin', async () => {
    const [a] = await clients(1);
    const ra = await a!.client.createFreeRoom({ ttl: 3600, msgTtl: 120 });
    const expiresAt = ra.expiresAt!;
    const rejoined = nextEvent(ra, 'rejoined');
    a!.dropSocket(); // the only member: the server destroys the room
    await rejoined;
    expect(ra.members()).toEqual([]);
    expect(Math.abs(ra.expiresAt! - expiresAt)).toBeLessThan(2000);
    expect(ra.msgTtl).toBe(120);
    expect(ra.status).toBe('joined');
  });

  it('refuses a mistyped share code with a reason, before touching the network', async () => {
    const [a] = await clients(1);
    const room = await a!.client.createFreeRoom({ ttl: 600 });
    const code = room.shareCode()!;
    const typo = `${code.slice(0, 10)}${code[10] === 'q' ? 'p' : 'q'}${code.slice(11)}`;
    await expect(a!.client.joinFreeRoom(typo)).rejects.toThrow(/typo/);
    await room.leave();
  });
});

describe('room expiry (roomSecondMs: 50)', () => {
  let quick: TestServer;
  beforeAll(async () => {
    quick = await startTestServer({}, { roomSecondMs: 50 });
  });
  afterAll(() => quick.stop());

  it('closes the room on every member at expiresAt; later joins fail with expired', async () => {
    const [a, b, c] = await Promise.all([
      connectTestClient(quick),
      connectTestClient(quick),
      connectTestClient(quick),
    ]);
    const ra = await a.client.createFreeRoom({ ttl: 60 }); // 60 × 50 ms = 3 s
    // Listening from the start: on a loaded machine the room may close before the steps below end.
    const closedA = nextEvent(ra, 'closed', undefined, 10_000);
    const code = ra.shareCode()!;
    const rb = await b.client.joinFreeRoom(code);
    const closedB = nextEvent(rb, 'closed', undefined, 10_000);
    await waitForFullRoom([ra, rb]);
    await ra.sendText('soon gone');
    for (const event of await Promise.all([closedA, closedB])) expect(event.reason).toBe('expired');
    expect([ra.status, rb.status]).toEqual(['closed', 'closed']);
    expect(ra.messages()).toEqual([]);
    expect(a.client.rooms()).toEqual([]);
    await expect(ra.sendText('too late')).rejects.toBeInstanceOf(RoomStateError);
    expect(ra.shareCode()).toBeUndefined(); // S is wiped with the room
    const error = await c.client.joinFreeRoom(code).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('expired');
    expect(c.client.rooms()).toEqual([]);
    for (const t of [a, b, c]) t.client.close();
  });
});
