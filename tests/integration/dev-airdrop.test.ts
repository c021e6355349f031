/**
 * `POST /v1/dev/airdrop` (issue #10, docs/protocol.md §1 "Dev airdrop"): opt-in, localnet only,
 * limited per address and capped per run, and a bad amount is a 400 that changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { address, createSolanaRpc, generateKeyPairSigner } from '@solana/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { AIRDROP_LIMITS } from '../../server/http/dev-routes.ts';
import { spawnServer } from '../support/server-process.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const SOL = 1_000_000_000n; // lamports

async function airdrop(server: { url: string }, lamports: bigint, forwardedFor?: string) {
  const wallet = (await generateKeyPairSigner()).address;
  const res = await fetch(`${server.url}/v1/dev/airdrop`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ wallet, lamports: `${lamports}` }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, wallet };
}

/** A frozen server clock: the per-address bucket does not refill during the test. */
const frozen = () => {
  const t0 = Date.now();
  return { now: () => t0 };
};

const balanceOf = (server: TestServer, wallet: string) =>
  createSolanaRpc(server.chainUrl!)
    .getBalance(address(wallet))
    .send()
    .then((r) => r.value);

describe('the dev airdrop', () => {
  it('does not exist unless ANOGHOST_DEV_AIRDROP=1, and never off localnet', {
    timeout: 60_000,
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-airdrop-'));
    dirs.push(dataDir);
    const started = await spawnServer({ ANOGHOST_DATA_DIR: dataDir, ANOGHOST_DEV_AIRDROP: '' }); // npm start
    expect((await airdrop(started, SOL)).status).toBe(404);
    await started.stop();
    const off = await startTestServer({ ANOGHOST_DEV_AIRDROP: '0' });
    expect(await airdrop(off, SOL)).toMatchObject({ status: 404, body: { code: 'not_found' } });
    await off.stop();
    const devnet = await startTestServer({
      ANOGHOST_DEV_AIRDROP: '1',
      SOLANA_RPC_URL: 'http://127.0.0.1:9',
      ANOGHOST_CLUSTER: 'devnet',
    });
    expect((await airdrop(devnet, SOL)).status).toBe(404);
    await devnet.stop();
  });

  it('refuses an amount below the rent-exempt minimum with 400, spending nothing', async () => {
    const server = await startTestServer({}, { airdropLimits: { ...AIRDROP_LIMITS, perAddressBurst: 2 } });
    const rent = await createSolanaRpc(server.chainUrl!).getMinimumBalanceForRentExemption(0n).send();
    for (const lamports of [1n, rent - 1n, rent - 1n]) {
      const refused = await airdrop(server, lamports);
      expect(refused).toMatchObject({
        status: 400,
        body: { code: 'bad_request', message: expect.stringMatching(/rent-exempt minimum/) },
      });
      expect(await balanceOf(server, refused.wallet)).toBe(0n);
    }
    // The refusals took nothing from the address's two airdrops.
    const given = await airdrop(server, rent);
    expect(given.status).toBe(200);
    expect(await balanceOf(server, given.wallet)).toBe(rent);
    expect((await airdrop(server, SOL)).status).toBe(200);
    expect((await airdrop(server, SOL)).status).toBe(429);
    await server.stop();
  });

  it('limits airdrops per address (behind a trusted proxy, per forwarded client)', async () => {
    const server = await startTestServer({ ANOGHOST_TRUST_PROXY: '127.0.0.1' }, frozen());
    const statuses: number[] = [];
    for (let i = 0; i <= AIRDROP_LIMITS.perAddressBurst; i++)
      statuses.push((await airdrop(server, SOL, '198.51.100.1')).status);
    expect(statuses).toEqual([...Array(AIRDROP_LIMITS.perAddressBurst).fill(200), 429]);
    expect((await airdrop(server, SOL, '198.51.100.2')).status).toBe(200); // its own budget
    await server.stop();
  });

  it('caps the airdrops of one run, whoever asks', async () => {
    const server = await startTestServer(
      { ANOGHOST_TRUST_PROXY: '127.0.0.1' },
      { airdropLimits: { ...AIRDROP_LIMITS, perRun: 3 } },
    );
    const replies = [];
    for (let i = 1; i <= 4; i++) replies.push(await airdrop(server, SOL, `198.51.100.${i}`));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(replies[3]!.body.message).toMatch(/restart/);
    expect(await balanceOf(server, replies[3]!.wallet)).toBe(0n);
    await server.stop();
  });
});
