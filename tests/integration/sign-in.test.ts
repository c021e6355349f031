import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeB64u } from '../../shared/encoding.ts';
import { FrameClient } from '../support/frame-client.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { authFrame, createTestKey, type SignInOptions, signInMessage } from '../support/test-wallet.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function attempt(
  mutate: (frame: Record<string, string>, nonce: string) => void,
  o: Partial<SignInOptions> = {},
) {
  const wallet = createTestKey();
  const session = createTestKey();
  const client = await FrameClient.connect(server.wsUrl);
  const challenge = await client.next('challenge');
  const frame = authFrame(
    signInMessage(wallet, session, { domain: server.domain, ...o }),
    session,
    String(challenge.nonce),
  );
  mutate(frame, String(challenge.nonce));
  client.send({ ...frame, id: 'auth-1' });
  const reply = await client.next();
  const closed = await client.waitClosed();
  return { reply, closed };
}

describe('sign-in (PROTOCOL.md §2)', () => {
  it('sends a challenge naming the domain and cluster', async () => {
    const client = await FrameClient.connect(server.wsUrl);
    const challenge = await client.next('challenge');
    expect(challenge).toMatchObject({ t: 'challenge', v: 1, domain: server.domain, cluster: 'localnet' });
    expect(String(challenge.nonce)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    client.close();
  });

  it('answers a valid sign-in with the first ghost', async () => {
    const { client, ghost } = await connectSignedIn(server);
    expect(ghost.ghostId).toMatch(/^[A-Za-z0-9_-]{1,96}$/);
    expect(ghost.rotatesAt as number).toBeGreaterThan(ghost.issuedAt as number);
    expect(ghost.liveUntil as number).toBeGreaterThan(ghost.rotatesAt as number);
    client.close();
  });

  it('lets the same signed message sign in again with a new proof (reconnect)', async () => {
    const wallet = createTestKey();
    const session = createTestKey();
    const first = await connectSignedIn(server, { wallet, session });
    first.client.close();
    const second = await connectSignedIn(server, { wallet, session });
    expect(second.ghost.ghostId).not.toBe(first.ghost.ghostId);
    second.client.close();
  });

  type Mutation = (f: Record<string, string>, nonce: string) => void;
  const keep: Mutation = () => {};
  const refusals: Array<[string, Mutation, Partial<SignInOptions>?]> = [
    ['another domain', keep, { domain: 'evil.example:443' }],
    ['a URI on another host', keep, { uri: 'http://evil.example' }],
    ['another cluster', keep, { chainId: 'mainnet-beta' }],
    [
      'a wallet signature over other bytes',
      (f) => {
        f.signature = encodeB64u(new Uint8Array(64).fill(7));
      },
    ],
    [
      'a proof by another key',
      (f, nonce) => {
        f.proof = authFrame(f as never, createTestKey(), nonce).proof;
      },
    ],
    [
      'a proof over another nonce',
      (f) => {
        f.proof = authFrame(f as never, createTestKey(), 'x'.repeat(43)).proof;
      },
    ],
    [
      'an expired message',
      keep,
      { issuedAt: new Date(Date.now() - 7200_000), expiresAt: new Date(Date.now() - 1000) },
    ],
    ['a message issued in the future', keep, { issuedAt: new Date(Date.now() + 5 * 60_000) }],
    [
      'a lifetime over 7 days',
      keep,
      { issuedAt: new Date(), expiresAt: new Date(Date.now() + 8 * 24 * 3600_000) },
    ],
    [
      'a missing line',
      (f) => {
        f.message = String(f.message).split('\n').slice(0, 10).join('\n');
      },
    ],
    [
      'reordered lines',
      (f) => {
        const lines = String(f.message).split('\n');
        [lines[7], lines[8]] = [lines[8]!, lines[7]!];
        f.message = lines.join('\n');
      },
    ],
    [
      'a short signature',
      (f) => {
        f.signature = encodeB64u(new Uint8Array(32));
      },
    ],
  ];

  it('accepts a Chain ID with the Wallet Standard prefix (solana:localnet)', async () => {
    const { client } = await connectSignedIn(server, {}, { chainId: 'solana:localnet' });
    client.close();
  });

  for (const [name, mutate, options] of refusals) {
    it(`refuses ${name} with unauthorized and close 4401`, async () => {
      const { reply, closed } = await attempt(mutate, options);
      expect(reply).toMatchObject({ t: 'error', code: 'unauthorized', id: 'auth-1' });
      expect(closed.code).toBe(4401);
    });
  }

  it('refuses any other frame before sign-in', async () => {
    const client = await FrameClient.connect(server.wsUrl);
    await client.next('challenge');
    client.send({ t: 'rotate', id: 9 });
    expect(await client.next()).toMatchObject({ t: 'error', code: 'unauthorized', id: 9 });
    expect((await client.waitClosed()).code).toBe(4401);
  });

  for (const [name, bytes] of [
    ['a binary frame', Buffer.from('{"t":"ping","id":9}')],
    ['an empty binary frame', Buffer.alloc(0)],
  ] as const) {
    it(`refuses ${name} before sign-in with unauthorized and close 4401 at once`, async () => {
      const client = await FrameClient.connect(server.wsUrl);
      await client.next('challenge');
      client.ws.send(bytes, { binary: true });
      expect(await client.next()).toMatchObject({ t: 'error', code: 'unauthorized' });
      // At once: well before the 10 s sign-in deadline would close it anyway.
      expect((await client.waitClosed(3000)).code).toBe(4401);
    });
  }

  it('refuses a second auth on a signed-in session with bad_request and stays open', async () => {
    const { client } = await connectSignedIn(server);
    client.send({ t: 'auth', id: 'again', message: 'x', signature: 'AA', proof: 'AA' });
    expect(await client.next('error')).toMatchObject({ code: 'bad_request', id: 'again' });
    client.send({ t: 'ping', id: 1 });
    expect(await client.next('pong')).toMatchObject({ id: 1 });
    client.close();
  });

  it('closes with 4401 when no sign-in arrives within the deadline', async () => {
    const quick = await startTestServer({}, { signInDeadlineMs: 300 });
    const client = await FrameClient.connect(quick.wsUrl);
    await client.next('challenge');
    expect(await client.next('error')).toMatchObject({ code: 'unauthorized' });
    expect((await client.waitClosed()).code).toBe(4401);
    await quick.stop();
  });

  it('keeps the default deadline at 10 s', async () => {
    const client = await FrameClient.connect(server.wsUrl);
    await client.next('challenge');
    const started = Date.now();
    const closed = await client.waitClosed(12_000);
    expect(closed.code).toBe(4401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_500);
  }, 15_000);
});

describe('sign-in on mainnet (PROTOCOL.md §2: the cluster mainnet-beta is the chain mainnet)', () => {
  let mainnet: TestServer;
  beforeAll(async () => {
    // No chain: paid chats are not what this tests, and mainnet is not reachable from here.
    mainnet = await startTestServer({ ANOGHOST_CLUSTER: 'mainnet-beta' }, { paidChats: false });
  });
  afterAll(() => mainnet.stop());

  it('names the chain mainnet in the challenge', async () => {
    const client = await FrameClient.connect(mainnet.wsUrl);
    expect(await client.next('challenge')).toMatchObject({ cluster: 'mainnet' });
    client.close();
  });

  it('accepts Chain ID mainnet and solana:mainnet', async () => {
    for (const chainId of ['mainnet', 'solana:mainnet']) {
      const { client, ghost } = await connectSignedIn(mainnet, {}, { chainId });
      expect(ghost.t, chainId).toBe('ghost');
      client.close();
    }
  });

  it('refuses Chain ID mainnet-beta, which no wallet writes', async () => {
    const client = await FrameClient.connect(mainnet.wsUrl);
    const challenge = await client.next('challenge');
    const wallet = createTestKey();
    const session = createTestKey();
    const signed = signInMessage(wallet, session, { domain: mainnet.domain, chainId: 'mainnet-beta' });
    client.send(authFrame(signed, session, String(challenge.nonce)));
    expect(await client.next()).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/cluster/),
    });
    expect((await client.waitClosed()).code).toBe(4401);
  });
});
