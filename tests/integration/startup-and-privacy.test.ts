import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { address, createSolanaRpc, getSignatureFromTransaction, getTransactionDecoder } from '@solana/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeB64u, decodeBase58, encodeB64u, encodeBase58, encodeHex } from '../../shared/encoding.ts';
import { FrameClient } from '../support/frame-client.ts';
import {
  acceptInvite,
  chatPayload,
  envelopesFor,
  holderOf,
  nextInvite,
  quoteIdOf,
  request,
  withInviteKey,
} from '../support/paid-harness.ts';
import { runServerExpectingFailure, spawnChain, spawnServer } from '../support/server-process.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { airdrop, signWireTransaction } from '../support/test-payments.ts';
import { authFrame, createTestKey, signInMessage } from '../support/test-wallet.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'anoghost-proc-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Each test spawns the server process (once or twice); tsx startup is slow on a loaded machine. */
const spawning = { timeout: 60_000 };

describe('npm start', spawning, () => {
  it('prints the ready line with the real port and stops on SIGTERM', async () => {
    const server = await spawnServer({ ANOGHOST_DATA_DIR: join(tempDir(), 'data') });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
    const health = (await (await fetch(`${server.url}/v1/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    expect(await server.stop()).toBe(0);
  });

  it('stops with a message naming the variable when the configuration is invalid', async () => {
    const { code, output } = await runServerExpectingFailure({ ANOGHOST_EPOCH_WINDOW: 'many' });
    expect(code).toBe(1);
    expect(output).toContain('ANOGHOST_EPOCH_WINDOW');
    expect(output).not.toContain('AnoGhost listening');
  });

  it('keeps the master key across restarts', async () => {
    const dataDir = join(tempDir(), 'data');
    const first = await spawnServer({ ANOGHOST_DATA_DIR: dataDir });
    await first.stop();
    const key = readFileSync(join(dataDir, 'master.key'), 'utf8');
    const second = await spawnServer({ ANOGHOST_DATA_DIR: dataDir });
    await second.stop();
    expect(readFileSync(join(dataDir, 'master.key'), 'utf8')).toBe(key);
  });
});

describe('npm run chain', spawning, () => {
  it('serves the chain npm start keeps in the data dir, never both at once', async () => {
    const dataDir = join(tempDir(), 'data');
    const server = await spawnServer({ ANOGHOST_DATA_DIR: dataDir });
    const refused = await runServerExpectingFailure(
      { ANOGHOST_DATA_DIR: dataDir, ANOGHOST_CHAIN_PORT: '0' },
      'server/local-chain/main.ts',
    );
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/already served by process \d+/);
    expect(await server.stop()).toBe(0);

    // Alone, it serves that same chain: the treasury the server funded has its lamports.
    const chain = await spawnChain({ ANOGHOST_DATA_DIR: dataDir });
    const treasury = JSON.parse(readFileSync(join(dataDir, 'treasury.json'), 'utf8')) as number[];
    const balance = await fetch(chain.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'getBalance',
        params: [encodeBase58(Uint8Array.from(treasury.slice(32)))],
      }),
    }).then((r) => r.json() as Promise<{ result: { value: number } }>);
    expect(balance.result.value).toBeGreaterThan(0);
    expect(await chain.stop()).toBe(0);
  });
});

describe('privacy: what the server writes', spawning, () => {
  it('never names the wallet, the session key or a ghostId in logs or the data dir', async () => {
    const dataDir = join(tempDir(), 'data');
    const server = await spawnServer({
      ANOGHOST_DATA_DIR: dataDir,
      ANOGHOST_LOG_LEVEL: 'trace',
      ANOGHOST_EPOCH_SECONDS: '1',
    });
    const wallet = createTestKey();
    const session = createTestKey();
    const a = await connectSignedIn(server, { wallet, session });
    const b = await connectSignedIn(server);
    a.client.send({ t: 'rotate', id: 1 });
    const rotated = await a.client.next('ghost');
    b.client.send({ t: 'check', ghostIds: [a.ghost.ghostId, rotated.ghostId] });
    await b.client.next('checked');
    await a.client.next('ghost', 5000); // an epoch push
    a.client.send('not json');
    await a.client.next('error');
    // A failed sign-in by the same wallet, and a raw HTTP check.
    const bad = await FrameClient.connect(server.wsUrl);
    const challenge = await bad.next('challenge');
    const frame = authFrame(
      signInMessage(wallet, session, { domain: 'wrong.example' }),
      session,
      String(challenge.nonce),
    );
    bad.send(frame);
    await bad.waitClosed();
    await fetch(`${server.url}/v1/ghosts/check`, {
      method: 'POST',
      body: JSON.stringify({ ghostIds: [a.ghost.ghostId] }),
    });
    a.client.close();
    b.client.close();
    await server.stop();

    const written = [
      server.output(),
      ...readdirSync(dataDir, { recursive: true })
        .map((f) => join(dataDir, String(f)))
        .filter((f) => statSync(f).isFile())
        .map((f) => readFileSync(f, 'utf8')),
    ].join('\n');
    expect(written).toContain('session signed in'); // the logs did capture the flow
    const walletBytes = decodeBase58(wallet.address)!;
    const secrets = [
      wallet.address,
      encodeHex(walletBytes),
      encodeB64u(walletBytes),
      Buffer.from(walletBytes).toString('base64'),
      session.address,
      String(a.ghost.ghostId),
      String(rotated.ghostId),
      frame.signature,
    ];
    for (const secret of secrets) expect(written).not.toContain(secret);
  });

  it('never logs a transaction signature, wallet, invitation or envelope, even at trace level, through a paid chat', async () => {
    const dataDir = join(tempDir(), 'data');
    const server = await spawnServer({
      ANOGHOST_DATA_DIR: dataDir,
      ANOGHOST_LOG_LEVEL: 'trace',
      ANOGHOST_DEV_AIRDROP: '1',
    });
    const a = withInviteKey(await connectSignedIn(server));
    const b = withInviteKey(await connectSignedIn(server));
    const signatures = [await airdrop(server.url, a.wallet.address)];
    const quote = await request(a, { t: 'quote', ghostIds: [b.card], ttl: 600 });
    const tx = signWireTransaction(String(quote.tx), a.wallet);
    signatures.push(getSignatureFromTransaction(getTransactionDecoder().decode(decodeB64u(tx)!)));
    const holder = holderOf(a, 'initiator', quoteIdOf(quote));
    const invites = envelopesFor([b], [true], chatPayload('Logs', 600));
    const redeem = { t: 'redeem', quote: quote.quote, tx, holder, invites };
    const minted = await request(a, redeem);
    expect(minted.t).toBe('minted');
    // A repeated redeem finds the keys made; the invitee accepts, lists and joins.
    expect(await request(a, redeem)).toMatchObject({ t: 'minted', mine: minted.mine });
    const invitation = await nextInvite(b);
    await request(b, { t: 'invites' });
    const accepted = await acceptInvite(b, invitation.invite);
    expect((await request(b, { t: 'keys', holders: [accepted.holder] })).keys).toHaveLength(1);
    expect(await request(b, { t: 'join', key: accepted.mint })).toMatchObject({
      t: 'joined',
    });
    expect(await acceptInvite(b, invitation.invite)).toMatchObject({ reply: { code: 'invite_expired' } });
    // Every transaction of the wallet and of the treasury on chain: funding, the payment, the mints.
    const rpc = createSolanaRpc(/"rpcUrl":"([^"]+)"/.exec(server.output())![1]!);
    const treasury = JSON.parse(readFileSync(join(dataDir, 'treasury.json'), 'utf8')) as number[];
    for (const account of [a.wallet.address, encodeBase58(Uint8Array.from(treasury.slice(32)))]) {
      const onChain = await rpc.getSignaturesForAddress(address(account)).send();
      signatures.push(...onChain.map((s) => s.signature));
    }
    a.client.close();
    b.client.close();
    await server.stop();

    const logs = server.output();
    expect(logs).toContain('transaction landed'); // the chain's trace did capture the flow
    // The wallet's airdrop and payment, two keys, the treasury's funding.
    expect(new Set(signatures).size).toBeGreaterThanOrEqual(5);
    for (const secret of [
      b.wallet.address,
      encodeB64u(b.wallet.publicKey),
      invitation.invite,
      invitation.envelope.slice(0, 40),
      invites[0]!.slice(-40),
      holder,
      accepted.holder,
      String(quote.quote).slice(0, 40),
    ])
      expect(logs).not.toContain(secret);
    for (const signature of new Set(signatures)) {
      const bytes = decodeBase58(signature)!;
      for (const form of [
        signature,
        encodeB64u(bytes),
        Buffer.from(bytes).toString('base64'),
        encodeHex(bytes),
      ])
        expect(logs).not.toContain(form);
    }
    expect(logs).not.toContain(a.wallet.address);
  });
});
