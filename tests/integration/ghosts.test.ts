import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { createTestKey } from '../support/test-wallet.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('ghostIds over the session (PROTOCOL.md §2)', () => {
  it('rotate answers at once with a new ghost carrying the request id', async () => {
    const { client, ghost } = await connectSignedIn(server);
    client.send({ t: 'rotate', id: 'r1' });
    const rotated = await client.next('ghost');
    expect(rotated.id).toBe('r1');
    expect(rotated.ghostId).not.toBe(ghost.ghostId);
    client.close();
  });

  it('check reports live ghostIds of other sessions, and not tampered or foreign ones', async () => {
    const a = await connectSignedIn(server);
    const b = await connectSignedIn(server);
    const bytes = decodeB64u(String(a.ghost.ghostId))!;
    bytes[bytes.length - 1]! ^= 1;
    b.client.send({
      t: 'check',
      id: 7,
      ghostIds: [a.ghost.ghostId, encodeB64u(bytes), 'nonsense', b.ghost.ghostId],
    });
    expect(await b.client.next('checked')).toEqual({ t: 'checked', id: 7, live: [true, false, false, true] });
    a.client.close();
    b.client.close();
  });

  it('keeps a ghostId live after its session disconnects (it reveals nothing about presence)', async () => {
    const a = await connectSignedIn(server);
    a.client.close();
    await a.client.waitClosed();
    const b = await connectSignedIn(server);
    b.client.send({ t: 'check', ghostIds: [a.ghost.ghostId] });
    expect((await b.client.next('checked')).live).toEqual([true]);
    b.client.close();
  });

  it('check accepts up to 32 ghostIds and refuses 33 with bad_request', async () => {
    const { client, ghost } = await connectSignedIn(server);
    client.send({ t: 'check', id: 'ok', ghostIds: Array(32).fill(ghost.ghostId) });
    expect((await client.next('checked')).live).toEqual(Array(32).fill(true));
    client.send({ t: 'check', id: 'big', ghostIds: Array(33).fill(ghost.ghostId) });
    expect(await client.next('error')).toMatchObject({ code: 'bad_request', id: 'big' });
    client.close();
  });

  it('gives two sessions of one wallet unrelated ghostIds', async () => {
    const wallet = createTestKey();
    const a = await connectSignedIn(server, { wallet });
    const b = await connectSignedIn(server, { wallet });
    const x = decodeB64u(String(a.ghost.ghostId))!;
    const y = decodeB64u(String(b.ghost.ghostId))!;
    expect(a.ghost.ghostId).not.toBe(b.ghost.ghostId);
    // Only the clear header (version + epoch) may match; the sealed parts share nothing.
    let common = 0;
    for (let i = 5; i < x.length; i++) if (x[i] === y[i]) common++;
    expect(common).toBeLessThan(8);
    expect(a.ghost.ghostId).not.toContain(wallet.address.slice(0, 8));
    a.client.close();
    b.client.close();
  });

  it('answers ping with pong, echoing the id', async () => {
    const { client } = await connectSignedIn(server);
    client.send({ t: 'ping', id: 'p' });
    expect(await client.next('pong')).toEqual({ t: 'pong', id: 'p' });
    client.close();
  });
});

describe('epochs with ANOGHOST_EPOCH_SECONDS=1', () => {
  let fast: TestServer;
  beforeAll(async () => {
    fast = await startTestServer({ ANOGHOST_EPOCH_SECONDS: '1', ANOGHOST_EPOCH_WINDOW: '2' });
  });
  afterAll(() => fast.stop());

  it('pushes a new ghost to every session at each epoch boundary', async () => {
    const a = await connectSignedIn(fast);
    const b = await connectSignedIn(fast);
    const [nextA, nextB] = await Promise.all([a.client.next('ghost', 2500), b.client.next('ghost', 2500)]);
    expect(nextA.ghostId).not.toBe(a.ghost.ghostId);
    expect(nextB.ghostId).not.toBe(b.ghost.ghostId);
    expect(nextA.issuedAt as number).toBeGreaterThanOrEqual(a.ghost.rotatesAt as number);
    a.client.close();
    b.client.close();
  });

  it('expires a ghostId after the window and erases its epoch key', async () => {
    const a = await connectSignedIn(fast);
    const old = String(a.ghost.ghostId);
    const liveUntil = a.ghost.liveUntil as number;
    expect(liveUntil - (a.ghost.issuedAt as number)).toBeLessThanOrEqual(2000);
    await new Promise((r) => setTimeout(r, liveUntil - Date.now() + 50));
    a.client.send({ t: 'check', id: 1, ghostIds: [old] });
    expect((await a.client.next('checked')).live).toEqual([false]);
    const oldEpoch = new DataView(decodeB64u(old)!.buffer).getUint32(1);
    expect(fast.keyring.heldEpochs().every((e) => e > oldEpoch)).toBe(true);
    a.client.close();
  });
});

describe('a session that got its ghost between a boundary and the push', () => {
  const EPOCH_MS = 2000; // B's sign-in must fit in one epoch, even on a busy machine
  let offset = 0;
  let clocked: TestServer;
  beforeAll(async () => {
    clocked = await startTestServer(
      { ANOGHOST_EPOCH_SECONDS: String(EPOCH_MS / 1000), ANOGHOST_EPOCH_WINDOW: '2' },
      { now: () => Date.now() + offset },
    );
  });
  afterAll(() => clocked.stop());

  it('is not sent a second ghost of the same epoch', async () => {
    const a = await connectSignedIn(clocked);
    // Just after a push at a boundary: the next push is one epoch away in real time.
    const pushed = await a.client.next('ghost', 2 * EPOCH_MS + 500);
    // B signs in with the server's clock one epoch ahead, as if it came between the next
    // boundary and the push that follows it; then the clock is put back.
    offset = EPOCH_MS;
    const b = await connectSignedIn(clocked);
    offset = 0;
    expect(b.ghost.rotatesAt).toBe((pushed.rotatesAt as number) + EPOCH_MS);
    // At that boundary A is pushed a ghost, B is not: its ghost is already of that epoch.
    const nextA = await a.client.next('ghost', 2 * EPOCH_MS + 500);
    expect(nextA.issuedAt as number).toBeGreaterThanOrEqual(pushed.rotatesAt as number);
    const nextB = await b.client.next('ghost', 2 * EPOCH_MS + 500);
    expect(nextB.issuedAt as number).toBeGreaterThanOrEqual(b.ghost.rotatesAt as number);
    a.client.close();
    b.client.close();
  });
});
