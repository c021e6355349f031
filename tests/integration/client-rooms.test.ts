import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError, RoomStateError } from '../../shared/client/client-errors.ts';
import type { Room } from '../../shared/client/room.ts';
import { createUnsendMessage } from '../../shared/e2e/message-plaintext.ts';
import { collectEvents, connectTestClient, nextEvent, type TestClient } from '../support/client-harness.ts';
import { copyGroup, framesContaining, roomsAgree, waitForFullRoom } from '../support/room-harness.ts';
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

/** The `ct` of the last `send` a client made with an id (a text or an unsend, not typing or profile). */
function lastRequestCiphertext(client: TestClient): string {
  const sends = client.wire.sent
    .map((f) => JSON.parse(f) as { t: string; id?: string; ct?: string })
    .filter((f) => f.t === 'send' && f.id !== undefined);
  return sends.at(-1)!.ct!;
}

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

describe('client rooms on MLS (PROTOCOL.md §3 v2) through the real server', () => {
  it('relays messages that every member and only members decrypt; the wire carries no plaintext, wallet or S', async () => {
    const [a, b, c, outsider] = await clients(4);
    const [ra, rb, rc] = await roomOf([a!, b!, c!]);
    expect(rb!.handle).toBe(ra!.handle);
    // Everyone sees the same fingerprints, and each member's view of another matches that member's own.
    for (const room of [ra!, rb!, rc!]) {
      expect(room.members().find((m) => m.isSelf)?.fingerprint).toBe(room.fingerprint);
      expect(room.fingerprint).toMatch(/^\d{5}( \d{5}){4}$/);
    }
    expect(new Set([ra!.fingerprint, rb!.fingerprint, rc!.fingerprint]).size).toBe(3);

    const fromA = unique('hello from A');
    const gotB = nextEvent(rb!, 'message');
    const gotC = nextEvent(rc!, 'message');
    const sent = await ra!.sendText(fromA);
    expect((await gotB).body).toBe(fromA);
    expect((await gotC).body).toBe(fromA);
    expect((await gotB).author).toBe(ra!.fingerprint);
    expect(sent.own).toBe(true);

    const fromC = unique('reply from C');
    const back = [nextEvent(ra!, 'message'), nextEvent(rb!, 'message')];
    await rc!.sendText(fromC);
    for (const got of await Promise.all(back)) expect(got.body).toBe(fromC);
    expect(ra!.messages().map((m) => m.body)).toEqual([fromA, fromC]);

    const all = [a!, b!, c!, outsider!];
    expect(outsider!.wire.received.some((f) => f.includes(ra!.handle))).toBe(false);
    const code = ra!.shareCode()!;
    for (const secret of [fromA, fromC, code, code.slice(4, 40)]) {
      expect(framesContaining(all, secret)).toEqual([]);
    }
    for (const t of all) {
      const carrying = framesContaining(all, t.wallet.address).map((f) => JSON.parse(f).t);
      expect(carrying).toEqual(['auth']); // only its own sign-in, and only outgoing
    }
    expect(framesContaining([a!, b!, c!], ra!.handle).length).toBeGreaterThan(0); // the capture works
  });

  it('a leaver is removed and cannot decrypt what follows; a late joiner cannot read what came before', async () => {
    const [a, b, c, d] = await clients(4);
    const [ra, rb, rc] = await roomOf([a!, b!, c!]);
    const before = nextEvent(rc!, 'message');
    await ra!.sendText(unique('m1'));
    await before; // C could read while a member
    const leaver = copyGroup(rc!);
    const removed = nextEvent(ra!, 'member-left');
    await rc!.leave();
    expect((await removed).fingerprint).toBe(leaver.members().find((m) => m.isSelf)!.fingerprint);
    expect(rc!.status).toBe('closed');
    await waitForFullRoom([ra!, rb!]);

    const gotB = nextEvent(rb!, 'message');
    await ra!.sendText(unique('m2 after C left'));
    await gotB;
    const m2 = lastRequestCiphertext(a!);
    expect((await leaver.receive(m2)).kind).toBe('error');

    const rd = await d!.client.joinFreeRoom(ra!.shareCode()!);
    await waitForFullRoom([ra!, rb!, rd]);
    expect((await copyGroup(rd).receive(m2)).kind).toBe('error');
    const m3 = unique('m3 after D joined');
    const gotD = nextEvent(rd, 'message');
    await ra!.sendText(m3);
    expect((await gotD).body).toBe(m3);
    expect(rd.messages().map((m) => m.body)).toEqual([m3]);
    leaver.close();
  });

  it('temporary messages vanish on every member at the end of their lifetime', async () => {
    const members = await clients(3);
    const rooms = await roomOf(members, { ttl: 3600, msgTtl: 1 });
    expect(rooms.every((r) => r.msgTtl === 1)).toBe(true);
    const removed = rooms.map((r) => collectEvents(r, 'message-removed'));
    const arrived = rooms.map((r) => collectEvents(r, 'message'));
    const temporary = await rooms[0]!.sendText(unique('gone in a second'));
    const lasting = await rooms[0]!.sendText(unique('stays'), { ttl: 3600 });
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

  it("unsend removes a message everywhere, also after its sender reconnected; another member's unsend is ignored", async () => {
    const [a, b, c] = await clients(3);
    const [ra, rb, rc] = await roomOf([a!, b!, c!]);
    const arrived = [nextEvent(rb!, 'message'), nextEvent(rc!, 'message')];
    const target = await ra!.sendText(unique('to be unsent'));
    await Promise.all(arrived);

    // B forges an unsend of A's message (validly encrypted by a copy of B's group): C must ignore it.
    // (The copy spends B's next message key, so B sends nothing more here.)
    const forger = copyGroup(rb!);
    const forged = await forger.encrypt(createUnsendMessage(target.id));
    forger.close();
    b!.client.connection.send({ t: 'send', room: rb!.handle, ct: forged });
    const marker = nextEvent(rc!, 'message');
    await ra!.sendText(unique('marker after the forgery'));
    await marker;
    expect(rc!.messages().some((m) => m.id === target.id)).toBe(true);
    await expect(rb!.unsend(target.id)).rejects.toBeInstanceOf(RoomStateError);

    // A reconnects (a new member id, the same identity key) and unsends.
    const rejoined = nextEvent(ra!, 'rejoined');
    a!.dropSocket();
    await rejoined;
    await waitForFullRoom([ra!, rb!, rc!]);
    const removed = [rb!, rc!].map((r) => nextEvent(r, 'message-removed'));
    await ra!.unsend(target.id);
    for (const event of await Promise.all(removed)) {
      expect(event).toMatchObject({ reason: 'unsent', message: { id: target.id } });
    }
    for (const room of [ra!, rb!, rc!]) expect(room.messages().some((m) => m.id === target.id)).toBe(false);
  });

  it('shows typing to the others, encrypted, throttled', async () => {
    const [a, b, c] = await clients(3);
    const [ra, rb, rc] = await roomOf([a!, b!, c!]);
    const seen = [nextEvent(rb!, 'typing'), nextEvent(rc!, 'typing')];
    const sendsBefore = a!.wire.sent.filter((f) => JSON.parse(f).t === 'send').length;
    ra!.typing();
    ra!.typing(); // throttled: one notice per 2 s reaches the wire
    for (const event of await Promise.all(seen)) {
      expect(event.fingerprint).toBe(ra!.fingerprint);
      expect(event.member).toBe(ra!.member);
    }
    expect(a!.wire.sent.filter((f) => JSON.parse(f).t === 'send').length - sendsBefore).toBe(1);
    expect(a!.wire.sent.some((f) => JSON.parse(f).t === 'typing')).toBe(false);
  });

  it('nicknames and the room name travel end to end; verified marks survive reconnects; a changed key is flagged', async () => {
    const [a, b, c] = await clients(3);
    const ra = await a!.client.createFreeRoom({ ttl: 3600, name: 'Weekend plans' });
    const rb = await b!.client.joinFreeRoom(ra.shareCode()!);
    await waitForFullRoom([ra, rb]);
    await waitUntil(() => rb.name === 'Weekend plans', 5000, 'the room name at B');
    await rb.setNickname('bob');
    await waitUntil(() => ra.members().some((m) => m.nickname === 'bob'), 5000, "B's nickname at A");
    const bobAtA = ra.members().find((m) => m.nickname === 'bob')!;
    expect(bobAtA.fingerprint).toBe(rb.fingerprint);
    ra.verify(bobAtA.fingerprint);
    expect(ra.members().find((m) => m.fingerprint === rb.fingerprint)).toMatchObject({
      verified: true,
      name: 'bob',
    });
    for (const m of ra.members()) expect(m.ghostName).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{3}$/);

    // B reconnects: a new member id, the same key, so the mark and the nickname stay.
    const oldMember = rb.member;
    const rejoined = nextEvent(rb, 'rejoined');
    b!.dropSocket();
    await rejoined;
    await waitForFullRoom([ra, rb]);
    expect(rb.member).not.toBe(oldMember);
    expect(ra.members().find((m) => m.fingerprint === rb.fingerprint)).toMatchObject({
      verified: true,
      name: 'bob',
      member: rb.member,
    });

    // C takes the name "bob" with another key: A sees a changed key, loudly.
    const rc = await c!.client.joinFreeRoom(ra.shareCode()!);
    await waitForFullRoom([ra, rb, rc]);
    await waitUntil(() => rc.name === 'Weekend plans', 5000, 'the room name re-sent to C');
    await rc.setNickname('bob');
    await waitUntil(
      () => ra.members().some((m) => m.fingerprint === rc.fingerprint && m.nickname === 'bob'),
      5000,
      "C's nickname at A",
    );
    const views = ra.members();
    expect(views.find((m) => m.fingerprint === rc.fingerprint)).toMatchObject({
      keyChanged: true,
      verified: false,
    });
    expect(views.find((m) => m.fingerprint === rb.fingerprint)).toMatchObject({
      keyChanged: false,
      verified: true,
    });
    await expect(ra.setNickname('x'.repeat(65))).rejects.toBeInstanceOf(RoomStateError);
  });

  it('an approval room: the link carries only the roomId; a knocker gets in when a member approves, a dismissed one never', async () => {
    const [a, b, c, d] = await clients(4);
    const ra = await a!.client.createFreeRoom({ ttl: 3600, admission: 'approval' });
    expect(ra.admission).toBe('approval');
    const code = ra.shareCode()!;
    expect(code.startsWith('ag1p')).toBe(true);
    expect(ra.joinUrl()).toContain(code);

    const request = nextEvent(ra, 'join-request');
    const rb = await b!.client.joinFreeRoom(code);
    expect(rb.status).toBe('knocking');
    expect(rb.hasSecret).toBe(false);
    const req = await request;
    expect(ra.joinRequests()).toEqual([req]);
    expect(req.member).toBe(rb.member);
    const secret = nextEvent(ra, 'members-changed', ({ members }) => members.length === 2);
    await ra.approve(req.id);
    await secret;
    await waitUntil(() => rb.status === 'joined' && rb.hasSecret, 5000, 'B joined with S');
    await waitForFullRoom([ra, rb]);
    expect(ra.joinRequests()).toEqual([]);
    const text = unique('welcome B');
    const got = nextEvent(rb, 'message');
    await ra.sendText(text);
    expect((await got).body).toBe(text);

    // D knocks and is dismissed: it stays outside and reads nothing.
    const dRequest = nextEvent(ra, 'join-request');
    const rd = await d!.client.joinFreeRoom(code);
    ra.dismiss((await dRequest).id);
    expect(ra.joinRequests()).toEqual([]);
    const hidden = unique('not for D');
    const gotB = nextEvent(rb, 'message');
    await ra.sendText(hidden);
    await gotB;
    expect(rd.status).toBe('knocking');
    expect(rd.messages()).toEqual([]);
    expect(framesContaining([d!], hidden)).toEqual([]);

    // B, approved, holds S: after a reconnect it rejoins by itself (no approval needed).
    const rejoined = nextEvent(rb, 'rejoined');
    b!.dropSocket();
    await rejoined;
    await waitForFullRoom([ra, rb]);
    // C, approved by B (any member who holds S can approve).
    const cRequest = nextEvent(rb, 'join-request');
    const rc = await c!.client.joinFreeRoom(code);
    await rb.approve((await cRequest).id);
    await waitForFullRoom([ra, rb, rc]);
    expect(rc.hasSecret).toBe(true);
    await rd.leave();
  });

  it('a server-side attacker (a connection in the room, with the roomId) cannot join the group or read a message', async () => {
    const [a, b] = await clients(2);
    const [ra, rb] = (await roomOf([a!, b!])) as [Room, Room];
    const before = ra.groupState();
    const spy = await connectSignedIn(server);
    spy.client.send({ t: 'join', id: 'j', room: ra.handle });
    const joined = await spy.client.next('joined');
    expect(joined.groupInfo).toBeTruthy(); // sealed: useless without S
    // A commit it cannot sign is refused, and changes nothing.
    spy.client.send({
      t: 'commit',
      id: 'c',
      room: ra.handle,
      epoch: joined.epoch,
      commit: 'AAAA',
      groupInfo: 'AAAA',
      nextKey: 'A'.repeat(43),
      auth: 'A'.repeat(86),
    });
    expect((await spy.client.next('error')).code).toBe('forbidden');
    const text = unique('not for the spy');
    const got = nextEvent(rb, 'message');
    await ra.sendText(text);
    await got;
    const relayed = await spy.client.next('msg');
    expect(relayed.ct).toBe(lastRequestCiphertext(a!));
    expect(JSON.stringify(relayed)).not.toContain(text);
    // The members' group did not change: the spy's connection is not a member, and is not removed either.
    expect(roomsAgree([ra, rb])).toBe(true);
    expect(ra.groupState()!.authenticator).toBe(before!.authenticator);
    expect(ra.members().map((m) => m.member)).not.toContain(joined.member);
    spy.client.close();
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
    expect(rc.members().map((m) => m.isSelf)).toEqual([true]);
    expect(rc.expiresAt! - oldExpiry).toBeGreaterThan(500_000);
    expect(rc.messages()).toEqual([]);
  });

  it('recreates a room whose every member dropped, with its expiry and msgTtl, on rejoin', async () => {
    const [a] = await clients(1);
    const ra = await a!.client.createFreeRoom({ ttl: 3600, msgTtl: 120 });
    const expiresAt = ra.expiresAt!;
    const rejoined = nextEvent(ra, 'rejoined');
    a!.dropSocket(); // the only member: the server destroys the room
    await rejoined;
    expect(ra.members().map((m) => m.isSelf)).toEqual([true]);
    expect(Math.abs(ra.expiresAt! - expiresAt)).toBeLessThan(2000);
    expect(ra.msgTtl).toBe(120);
    expect(ra.status).toBe('joined');
  });

  it('refuses a mistyped share code with a reason, before touching the network', async () => {
    const [a] = await clients(1);
    const room = await a!.client.createFreeRoom({ ttl: 600 });
    const code = room.shareCode()!;
    const typo = `${code.slice(0, 10)}${code[10] === 'q' ? 'p' : 'q'}${code.slice(11)}`;
    const sent = a!.wire.sent.length;
    await expect(a!.client.joinFreeRoom(typo)).rejects.toThrow(/typo/);
    expect(a!.wire.sent.length).toBe(sent);
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
