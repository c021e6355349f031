/**
 * Connection caps (issue #10, "Abuse by one client"), against a real server over real sockets:
 * per-address caps on open and pending connections and on sign-ins per second, the global cap,
 * their refusals (docs/protocol.md §5) and their log lines. Tests run on loopback, so "another
 * address" is an `X-Forwarded-For` from 127.0.0.1 configured as a trusted proxy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { FrameClient, type RefusedUpgrade } from '../support/frame-client.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { authFrame, createTestKey, signInMessage } from '../support/test-wallet.ts';
import { waitUntil } from '../support/wait-until.ts';

const started: TestServer[] = [];
afterEach(async () => {
  for (const server of started.splice(0)) await server.stop();
});

async function serverWith(env: Record<string, string>, options: { now?: () => number } = {}) {
  const server = await startTestServer(env, options);
  started.push(server);
  return server;
}

/** Connection options for a client the trusted proxy 127.0.0.1 forwards from `address`. */
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

async function open(server: TestServer, options?: WebSocket.ClientOptions): Promise<FrameClient> {
  const result = await FrameClient.attempt(server.wsUrl, options);
  if (!(result instanceof FrameClient)) throw new Error(`refused with ${result.status}`);
  await result.next('challenge');
  return result;
}

async function refused(server: TestServer, options?: WebSocket.ClientOptions): Promise<RefusedUpgrade> {
  const result = await FrameClient.attempt(server.wsUrl, options);
  if (result instanceof FrameClient) {
    result.close();
    throw new Error('the upgrade was accepted');
  }
  return result;
}

/** Signs in on an open connection; resolves with the reply (`ghost` or `error`). */
async function signIn(server: TestServer, client: FrameClient) {
  const wallet = createTestKey();
  const session = createTestKey();
  const challenge = client.received.find((f) => f.t === 'challenge') ?? (await client.next('challenge'));
  client.send(
    authFrame(signInMessage(wallet, session, { domain: server.domain }), session, String(challenge.nonce)),
  );
  return client.next((f) => f.t === 'ghost' || f.t === 'error');
}

const capLines = (server: TestServer) =>
  server.logs.filter((line) => line.includes('connection cap reached')).map((line) => JSON.parse(line));

describe('connection caps per address', () => {
  it('refuses the N+1-th connection of one address with 429 while another address connects', async () => {
    const server = await serverWith({
      ANOGHOST_TRUST_PROXY: '127.0.0.1',
      ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '3',
      ANOGHOST_MAX_PENDING_PER_ADDRESS: '3',
    });
    const mine = [await open(server, from('198.51.100.1')), await open(server, from('198.51.100.1'))];
    mine.push(await open(server, from('198.51.100.1')));
    const refusal = await refused(server, from('198.51.100.1'));
    expect(refusal.status).toBe(429);
    expect(refusal.body).toMatchObject({ t: 'error', code: 'rate_limited' });
    expect(String(refusal.body.message)).toContain('3 connections per address');

    const other = await open(server, from('198.51.100.2'));
    expect(await signIn(server, other)).toMatchObject({ t: 'ghost' });

    mine[0]?.close();
    await mine[0]?.waitClosed();
    await waitUntil(
      async () => (await FrameClient.attempt(server.wsUrl, from('198.51.100.1'))) instanceof FrameClient,
    );
    for (const client of [...mine, other]) client.close();
  });

  it('counts signed-in connections as well as pending ones', async () => {
    const server = await serverWith({
      ANOGHOST_TRUST_PROXY: '127.0.0.1',
      ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '2',
      ANOGHOST_MAX_PENDING_PER_ADDRESS: '2',
    });
    const a = await open(server, from('198.51.100.1'));
    const b = await open(server, from('198.51.100.1'));
    expect(await signIn(server, a)).toMatchObject({ t: 'ghost' });
    expect(await signIn(server, b)).toMatchObject({ t: 'ghost' });
    expect((await refused(server, from('198.51.100.1'))).status).toBe(429);
    a.close();
    b.close();
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const server = await serverWith({
      ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '2',
      ANOGHOST_MAX_PENDING_PER_ADDRESS: '2',
    });
    const a = await open(server, from('198.51.100.1'));
    const b = await open(server, from('198.51.100.2'));
    expect((await refused(server, from('198.51.100.3'))).status).toBe(429); // all are 127.0.0.1
    a.close();
    b.close();
  });

  it('caps connections that have not signed in yet, with Retry-After, and frees a slot on sign-in', async () => {
    const server = await serverWith({
      ANOGHOST_TRUST_PROXY: '127.0.0.1',
      ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '10',
      ANOGHOST_MAX_PENDING_PER_ADDRESS: '2',
    });
    const a = await open(server, from('198.51.100.1'));
    const b = await open(server, from('198.51.100.1'));
    const refusal = await refused(server, from('198.51.100.1'));
    expect(refusal).toMatchObject({ status: 429, retryAfter: '10', body: { code: 'rate_limited' } });
    expect(String(refusal.body.message)).toContain('signing in');
    const elsewhere = await open(server, from('198.51.100.2'));

    expect(await signIn(server, a)).toMatchObject({ t: 'ghost' });
    const c = await open(server, from('198.51.100.1')); // a no longer counts as pending
    for (const client of [a, b, c, elsewhere]) client.close();
  });

  it('frees the pending slot of a connection that never signs in once the deadline closes it', async () => {
    const server = await startTestServer(
      { ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '10', ANOGHOST_MAX_PENDING_PER_ADDRESS: '1' },
      { signInDeadlineMs: 150 },
    );
    started.push(server);
    const silent = await open(server);
    expect((await refused(server)).status).toBe(429);
    expect((await silent.waitClosed()).code).toBe(4401);
    await waitUntil(async () => {
      const result = await FrameClient.attempt(server.wsUrl);
      if (result instanceof FrameClient) result.close();
      return result instanceof FrameClient;
    });
  });

  it('limits sign-ins per second per address: exact counts on a frozen clock, then close 1013', async () => {
    let now = Date.now();
    const server = await serverWith(
      { ANOGHOST_TRUST_PROXY: '127.0.0.1', ANOGHOST_SIGN_IN_RATE: '2' },
      { now: () => now },
    );
    const replies: string[] = [];
    const clients: FrameClient[] = [];
    for (let i = 0; i < 6; i++) {
      const client = await open(server, from('198.51.100.1'));
      clients.push(client);
      const reply = await signIn(server, client);
      replies.push(reply.t === 'ghost' ? 'ghost' : String(reply.code));
    }
    expect(replies).toEqual(['ghost', 'ghost', 'ghost', 'ghost', 'rate_limited', 'rate_limited']); // burst 4
    expect(await clients[4]?.waitClosed()).toEqual({ code: 1013, reason: 'sign-in rate' });

    const other = await open(server, from('198.51.100.2')); // its own bucket
    expect(await signIn(server, other)).toMatchObject({ t: 'ghost' });

    now += 500; // one sign-in's worth at 2/s
    const refilled = [await open(server, from('198.51.100.1')), await open(server, from('198.51.100.1'))];
    expect((await signIn(server, refilled[0] as FrameClient)).t).toBe('ghost');
    expect((await signIn(server, refilled[1] as FrameClient)).code).toBe('rate_limited');
    for (const client of [...clients, other, ...refilled]) client.close();
  });
});

describe('the global connection cap', () => {
  it('answers 503 over ANOGHOST_MAX_CONNECTIONS while /v1/health and signed-in sessions keep working', async () => {
    const server = await serverWith({ ANOGHOST_TRUST_PROXY: '127.0.0.1', ANOGHOST_MAX_CONNECTIONS: '3' });
    const first = await connectSignedIn(server);
    const more = [await open(server, from('198.51.100.1')), await open(server, from('198.51.100.2'))];
    const refusal = await refused(server, from('198.51.100.3'));
    expect(refusal).toMatchObject({ status: 503, body: { t: 'error', code: 'unavailable' } });
    expect(refusal.retryAfter).toBeDefined();

    const health = await fetch(`${server.url}/v1/health`);
    expect(health.status).toBe(200);
    expect(await first.client.request({ t: 'rotate' })).toMatchObject({ t: 'ghost' });

    more[0]?.close();
    await more[0]?.waitClosed();
    await waitUntil(async () => {
      const result = await FrameClient.attempt(server.wsUrl, from('198.51.100.3'));
      if (result instanceof FrameClient) more.push(result);
      return result instanceof FrameClient;
    });
    first.client.close();
    for (const client of more) client.close();
  });
});

describe('cap log lines', () => {
  it('writes one warn line per cap kind and interval, with a count and no address', async () => {
    const server = await serverWith({
      ANOGHOST_TRUST_PROXY: '127.0.0.1',
      ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '1',
      ANOGHOST_MAX_PENDING_PER_ADDRESS: '1',
      ANOGHOST_MAX_CONNECTIONS: '2',
    });
    const held = [await open(server, from('198.51.100.7'))];
    for (let i = 0; i < 5; i++) expect((await refused(server, from('198.51.100.7'))).status).toBe(429);
    held.push(await open(server, from('203.0.113.9')));
    expect((await refused(server, from('192.0.2.44'))).status).toBe(503);

    await waitUntil(() => capLines(server).length >= 2);
    const lines = capLines(server);
    expect(lines).toHaveLength(2); // the four later per-address refusals wait for the interval's line
    expect(lines.map((l) => [l.level, l.cap, l.refused])).toEqual([
      ['warn', 'connections per address', 1],
      ['warn', 'connections', 1],
    ]);
    for (const line of server.logs) expect(line).not.toMatch(/198\.51\.100|203\.0\.113|192\.0\.2/);
    for (const client of held) client.close();
  });
});
