import { describe, expect, expectTypeOf, it } from 'vitest';
import { FakeClock } from '../../tests/support/fake-clock.ts';
import { createFakeFactory, GHOST } from '../../tests/support/fake-socket.ts';
import { deriveSessionPublicKey, generateSessionSeed, signWithSessionKey } from '../crypto/session-key.ts';
import { encodeBase58 } from '../encoding.ts';
import type { ServerFrameOf } from '../protocol/server-frames.ts';
import { AnoGhostClient } from './anoghost-client.ts';
import { InvalidServerFrameError, ProtocolError, RequestTimeoutError } from './client-errors.ts';
import { SENT_PAYMENT_ATTEMPTS, SENT_PAYMENT_RETRY_MS } from './paid-chats.ts';

const HOLDER = '11111111111111111111111111111111';
const INVITE = 'AAAAAAAAAAAAAAAAAAAAAA';
const ENVELOPE = 'RU5WRUxPUEU';

function setup(options: { pingIntervalMs?: number } = {}) {
  const clock = new FakeClock();
  const { sockets, factory } = createFakeFactory();
  const seed = generateSessionSeed();
  const wallet = {
    calls: 0,
    address: encodeBase58(deriveSessionPublicKey(seed)),
    async signMessage(message: Uint8Array) {
      wallet.calls += 1;
      return signWithSessionKey(seed, message);
    },
  };
  const client = new AnoGhostClient({
    serverUrl: 'http://127.0.0.1:8787',
    createWebSocket: factory,
    wallet,
    now: () => clock.now,
    timers: clock,
    random: () => 0,
    backoff: { baseMs: 100, maxMs: 1000 },
    pingIntervalMs: options.pingIntervalMs ?? 20_000,
  });
  return { clock, sockets, client, wallet };
}

async function signedIn(options: { pingIntervalMs?: number } = {}) {
  const s = setup(options);
  const ready = s.client.connect();
  s.sockets[0]!.openWithChallenge();
  await waitFor(() => s.sockets[0]!.last('auth') !== undefined);
  s.sockets[0]!.receive(GHOST);
  await ready;
  return s;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!condition()) throw new Error('condition not met');
}

describe('Connection with a fake server', () => {
  it('opens /v1/ws on the server origin and signs in with the challenge nonce', async () => {
    const { sockets, client, wallet } = await signedIn();
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:8787/v1/ws');
    expect(String(sockets[0]!.last('auth')!.message)).toContain('URI: http://127.0.0.1:8787');
    expect(wallet.calls).toBe(1);
    expect(client.state).toBe('ready');
    expect(client.ghost?.ghostId).toBe('g1');
  });

  it('reconnects with backoff after a drop and signs in again without the wallet', async () => {
    const { sockets, client, wallet, clock } = await signedIn();
    const states: string[] = [];
    client.on('state', (s) => states.push(s.state));
    sockets[0]!.drop();
    expect(client.state).toBe('reconnecting');
    clock.advance(49); // attempt 0 with random 0: half of 100 ms
    expect(sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop(); // refused again: the next delay doubles
    clock.advance(99);
    expect(sockets).toHaveLength(2);
    clock.advance(1);
    sockets[2]!.openWithChallenge();
    await waitFor(() => sockets[2]!.last('auth') !== undefined);
    sockets[2]!.receive({ ...GHOST, ghostId: 'g2' });
    expect(client.state).toBe('ready');
    expect(wallet.calls).toBe(1);
    expect(sockets[2]!.last('auth')!.signature).toBe(sockets[0]!.last('auth')!.signature);
    expect(states).toEqual([
      'reconnecting',
      'connecting',
      'reconnecting',
      'connecting',
      'signing-in',
      'ready',
    ]);
  });

  it('pings on its interval, answers server pings, and reconnects when the server falls silent', async () => {
    const { sockets, client, clock } = await signedIn({ pingIntervalMs: 1000 });
    sockets[0]!.receive({ t: 'ping' });
    expect(sockets[0]!.last('pong')).toEqual({ t: 'pong' });
    clock.advance(1000);
    expect(sockets[0]!.sent.filter((f) => f.t === 'ping')).toHaveLength(1);
    sockets[0]!.receive({ t: 'pong' });
    clock.advance(3000); // pings at 2, 3 and 4 s go unanswered
    expect(client.state).toBe('ready');
    clock.advance(1000); // 5 s: over two intervals (+1 s) since the last frame
    expect(client.state).toBe('reconnecting');
    expect(sockets[0]!.closedWith?.code).toBe(4000);
  });

  it('correlates replies, turns error frames into ProtocolError, and times out', async () => {
    const { sockets, client, clock } = await signedIn();
    const socket = sockets[0]!;
    const check = client.check(['a', 'b']);
    const sent = socket.last('check')!;
    socket.receive({ t: 'checked', id: sent.id, live: [true, false] });
    expect(await check).toEqual([true, false]);

    const quote = client.quote({ ghostIds: ['g'], ttl: 3600 });
    expect(socket.last('quote')).toMatchObject({ ghostIds: ['g'], ttl: 3600 });
    socket.receive({
      t: 'error',
      id: socket.last('quote')!.id,
      code: 'no_live_ghosts',
      message: 'none live',
    });
    const error = await quote.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('no_live_ghosts');

    const keys = client.keys([HOLDER]);
    clock.advance(10_000);
    await expect(keys).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it('waits for the reply type the request-replies table pairs with the request', async () => {
    const { sockets, client } = await signedIn();
    const socket = sockets[0]!;
    const rotated = client.connection.request({ t: 'rotate' });
    const id = socket.last('rotate')!.id;
    socket.receive({ t: 'checked', id, live: [] }); // the id, but not a reply to rotate
    socket.receive({ ...GHOST, id, ghostId: 'g2' });
    expectTypeOf(rotated).resolves.toEqualTypeOf<ServerFrameOf<'ghost'>>(); // from `t: 'rotate'` (tsc)
    expect((await rotated).ghostId).toBe('g2');
  });

  it('returns the typed paid-chat replies', async () => {
    const { sockets, client } = await signedIn();
    const socket = sockets[0]!;
    const quote = client.quote({ ghostIds: ['g'], ttl: 60 });
    const q = { quote: 'Q', lamports: '20000000', tx: 'VFg', live: [true], expiresAt: 5, payBy: 4 };
    socket.receive({ t: 'quote', id: socket.last('quote')!.id, ...q });
    expect(await quote).toEqual(q);
    const redeem = client.redeem({ quote: 'Q', tx: 'U0lHTkVE', holder: HOLDER, invites: [ENVELOPE] });
    expect(socket.last('redeem')).toMatchObject({
      quote: 'Q',
      tx: 'U0lHTkVE',
      holder: HOLDER,
      invites: [ENVELOPE],
    });
    const minted = { mine: 'M1', invited: 1 };
    socket.receive({ t: 'minted', id: socket.last('redeem')!.id, ...minted });
    expect(await redeem).toEqual(minted);
    const keys = client.keys([HOLDER]);
    expect(socket.last('keys')).toMatchObject({ holders: [HOLDER] });
    socket.receive({ t: 'keys', id: socket.last('keys')!.id, keys: [{ mint: 'M1', expiresAt: 9 }] });
    expect(await keys).toEqual([{ mint: 'M1', expiresAt: 9 }]);
  });

  it('lists, accepts and declines invitations, and emits pushed ones as invite events', async () => {
    const { sockets, client } = await signedIn();
    const socket = sockets[0]!;
    const pushed: unknown[] = [];
    client.on('invite', (invite) => pushed.push(invite));
    const entry = { invite: INVITE, envelope: ENVELOPE, expiresAt: 7 };
    socket.receive({ t: 'invite', ...entry });
    expect(pushed).toEqual([entry]);
    const listed = client.invitations();
    socket.receive({ t: 'invites', id: socket.last('invites')!.id, invites: [entry] });
    expect(await listed).toEqual([entry]);
    const accepted = client.accept(INVITE, HOLDER);
    expect(socket.last('accept')).toMatchObject({ invite: INVITE, holder: HOLDER });
    socket.receive({ t: 'accepted', id: socket.last('accept')!.id, mint: 'M2' });
    expect(await accepted).toBe('M2');
    const declined = client.decline(INVITE);
    expect(socket.last('decline')).toMatchObject({ invite: INVITE });
    socket.receive({ t: 'error', id: socket.last('decline')!.id, code: 'invite_expired', message: 'gone' });
    expect(((await declined.catch((e: unknown) => e)) as ProtocolError).code).toBe('invite_expired');
  });

  it('redeems a sent payment again while the server has not seen it confirmed, and gives up in the end', async () => {
    const { sockets, clock, client } = await signedIn();
    const socket = sockets[0]!;
    const redeems = () => socket.sent.filter((f) => f.t === 'redeem');
    const notFound = () =>
      socket.receive({ t: 'error', id: redeems().at(-1)!.id, code: 'payment_not_found', message: 'not yet' });
    const settle = () => new Promise((r) => setTimeout(r, 0)); // the refusal reaches redeemQuote
    const minted = client.redeem({ quote: 'Q', signature: 'S1', holder: HOLDER, invites: [] });
    notFound();
    await settle();
    clock.advance(SENT_PAYMENT_RETRY_MS - 1);
    await settle();
    expect(redeems()).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(redeems()).toHaveLength(2);
    const mintedFrame = { mine: 'M1', invited: 0 };
    socket.receive({ t: 'minted', id: redeems().at(-1)!.id, ...mintedFrame });
    expect(await minted).toEqual(mintedFrame);

    // A `tx` redeem is not repeated (the server waited for it), nor is any other refusal.
    const submitted = client
      .redeem({ quote: 'Q', tx: 'VFg', holder: HOLDER, invites: [] })
      .catch((e: unknown) => e);
    notFound();
    expect(((await submitted) as ProtocolError).code).toBe('payment_not_found');
    const never = client
      .redeem({ quote: 'Q', signature: 'S2', holder: HOLDER, invites: [] })
      .catch((e: unknown) => e);
    for (let i = 1; i < SENT_PAYMENT_ATTEMPTS; i++) {
      notFound();
      await settle();
      clock.advance(SENT_PAYMENT_RETRY_MS);
      await settle();
    }
    notFound();
    expect(((await never) as ProtocolError).code).toBe('payment_not_found');
    expect(redeems()).toHaveLength(3 + SENT_PAYMENT_ATTEMPTS);
  });

  it('drops frames that fail validation, reporting them without content', async () => {
    const { sockets, client } = await signedIn();
    const errors: Error[] = [];
    client.on('error', (e) => errors.push(e));
    const check = client.check(['x']);
    const id = sockets[0]!.last('check')!.id;
    sockets[0]!.receive({ t: 'checked', id, live: 'secret-ish' });
    sockets[0]!.receive('not json');
    expect(errors.map((e) => e.constructor)).toEqual([InvalidServerFrameError, InvalidServerFrameError]);
    expect(errors.every((e) => !e.message.includes('secret-ish'))).toBe(true);
    sockets[0]!.receive({ t: 'checked', id, live: [false] });
    expect(await check).toEqual([false]);
  });

  it('stops and reports unauthorized when the server refuses the session', async () => {
    const { sockets, client } = await signedIn();
    const events: string[] = [];
    client.on('unauthorized', (e) => events.push(e.reason));
    sockets[0]!.receive({ t: 'error', code: 'unauthorized', message: 'sign-in message has expired' });
    expect(events).toEqual(['sign-in message has expired']);
    expect(client.state).toBe('closed');
    expect(client.credentials).toBeUndefined();
  });

  it('refuses credentials made for another server without asking the wallet on reconnect', async () => {
    const { sockets, client, wallet, clock } = await signedIn();
    const events: string[] = [];
    client.on('unauthorized', (e) => events.push(e.reason));
    sockets[0]!.drop();
    clock.advance(100);
    sockets[1]!.openWithChallenge('other.example:443');
    await waitFor(() => client.state === 'closed');
    expect(wallet.calls).toBe(1);
    expect(events).toHaveLength(1);
    expect(client.state).toBe('closed');
  });
});
