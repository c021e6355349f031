/**
 * Key integrity of the data dir (DESIGN.md "Reliability and abuse"): keys are generated only on a
 * fresh data dir; next to chain state (or a keys.check), a missing or replaced master key or
 * treasury key refuses to start with a message naming the file, and changes nothing, instead of
 * silently orphaning every key minted and every payment made.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalChain } from '../../server/local-chain/start-local-chain.ts';
import { encodeBase58 } from '../../shared/encoding.ts';
import { runServerExpectingFailure } from '../support/server-process.ts';
import { startTestServer } from '../support/test-server.ts';

const root = fs.mkdtempSync(join(tmpdir(), 'anoghost-keys-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(join(root, 'data-'));
});

const file = (name: string) => join(dataDir, name);
const otherMasterKey = () => `${randomBytes(32).toString('hex')}\n`;
/** Another valid keypair file, as `solana-keygen` writes it: seed then public key. */
function otherTreasury(): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  const point = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return `${JSON.stringify([...seed, ...point])}\n`;
}
/** Everything in the data dir but the chain lock, by path: what a refusal must leave as it was. */
const contents = () =>
  Object.fromEntries(
    fs
      .readdirSync(dataDir, { recursive: true })
      .map(String)
      .filter((name) => !name.endsWith('.lock') && fs.statSync(file(name)).isFile())
      .map((name) => [name, fs.readFileSync(file(name), 'utf8')]),
  );

async function startAndStop(env: Record<string, string> = {}) {
  const server = await startTestServer({ ANOGHOST_DATA_DIR: dataDir, ...env });
  await server.stop();
  return server;
}

async function expectRefusal(message: string, env: Record<string, string> = {}) {
  const before = contents();
  const start = startTestServer({ ANOGHOST_DATA_DIR: dataDir, ...env });
  await expect(start).rejects.toThrow(message);
  await expect(start).rejects.toMatchObject({ name: 'KeyCheckError' });
  expect(contents()).toEqual(before);
}

describe('keys next to chain state', { timeout: 60_000 }, () => {
  it('are generated on a fresh data dir, with a keys.check (0600) that holds no key', async () => {
    await startAndStop();
    const check = fs.readFileSync(file('keys.check'), 'utf8');
    expect(fs.statSync(file('keys.check')).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(check))).toEqual(['format', 'master', 'treasury']);
    const master = fs.readFileSync(file('master.key'), 'utf8').trim();
    const treasury = JSON.parse(fs.readFileSync(file('treasury.json'), 'utf8')) as number[];
    for (const secret of [master, encodeBase58(Uint8Array.from(treasury.slice(32)))]) {
      expect(check).not.toContain(secret);
    }
    await startAndStop(); // the same keys start again
  });

  it('refuse to start when master.key is missing or replaced, naming it', async () => {
    await startAndStop();
    const original = fs.readFileSync(file('master.key'), 'utf8');
    fs.rmSync(file('master.key'));
    await expectRefusal(
      `${file('master.key')} is missing, but ${file('keys.check')} records the key it held`,
    );
    fs.writeFileSync(file('master.key'), otherMasterKey());
    await expectRefusal(`${file('master.key')} is not the master key this data dir was used with`);
    fs.writeFileSync(file('master.key'), original);
    await startAndStop();
  });

  it('refuse to start when the treasury key is missing or replaced, naming it', async () => {
    await startAndStop();
    fs.rmSync(file('treasury.json'));
    await expectRefusal(
      `${file('treasury.json')} is missing, but ${file('keys.check')} records the key it held`,
    );
    fs.writeFileSync(file('treasury.json'), otherTreasury());
    await expectRefusal(`${file('treasury.json')} is not the treasury key this data dir was used with`);
  });

  it('refuse an ANOGHOST_MASTER_KEY other than the one the data dir was used with', async () => {
    const key = randomBytes(32).toString('hex');
    await startAndStop({ ANOGHOST_MASTER_KEY: key });
    expect(fs.existsSync(file('master.key'))).toBe(false);
    await expectRefusal('ANOGHOST_MASTER_KEY is not the master key this data dir was used with', {
      ANOGHOST_MASTER_KEY: randomBytes(32).toString('hex'),
    });
    await expectRefusal(`${file('master.key')} is missing`); // neither may a new one be generated
    await startAndStop({ ANOGHOST_MASTER_KEY: key });
  });

  it('refuse an ANOGHOST_TREASURY_KEY file replaced by another keypair', async () => {
    const treasuryFile = join(root, `treasury-${randomBytes(4).toString('hex')}.json`);
    fs.writeFileSync(treasuryFile, otherTreasury(), { mode: 0o600 });
    await startAndStop({ ANOGHOST_TREASURY_KEY: treasuryFile });
    expect(fs.existsSync(file('treasury.json'))).toBe(false);
    fs.writeFileSync(treasuryFile, otherTreasury());
    await expectRefusal(
      `ANOGHOST_TREASURY_KEY: ${treasuryFile} is not the treasury key this data dir was used with`,
      {
        ANOGHOST_TREASURY_KEY: treasuryFile,
      },
    );
  });

  it('are recorded once in a data dir from before keys.check, and checked from then on', async () => {
    await startAndStop();
    fs.rmSync(file('keys.check'));
    const recording = await startTestServer({ ANOGHOST_DATA_DIR: dataDir });
    await recording.stop();
    expect(recording.logs.join('')).toContain('keys.check written');
    const again = await startTestServer({ ANOGHOST_DATA_DIR: dataDir });
    await again.stop();
    expect(again.logs.join('')).not.toContain('keys.check written');
    fs.writeFileSync(file('master.key'), otherMasterKey());
    await expectRefusal(`${file('master.key')} is not the master key`);
  });

  it('refuse to generate keys that chain state was made with, even without keys.check', async () => {
    await startAndStop();
    fs.rmSync(file('keys.check'));
    fs.rmSync(file('master.key'));
    await expectRefusal(
      `${file('master.key')} is missing, but the chain state ${join(dataDir, 'chain', 'local-chain.json')} was made with it`,
    );
  });

  it('with SOLANA_RPC_URL, keys.check alone is the state', async () => {
    const chain = await startLocalChain();
    try {
      const env = { SOLANA_RPC_URL: chain.rpcUrl, ANOGHOST_CLUSTER: 'localnet' };
      await startAndStop(env);
      fs.rmSync(file('treasury.json'));
      await expectRefusal(`${file('treasury.json')} is missing`, env);
    } finally {
      await chain.close();
    }
  });

  it('npm start prints the refusal and exits 1', async () => {
    await startAndStop();
    fs.rmSync(file('master.key'));
    const { code, output } = await runServerExpectingFailure({ ANOGHOST_DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(output).toContain(`AnoGhost cannot start: ${file('master.key')} is missing`);
    expect(output).toContain('restore it from a backup, or start with a fresh data dir (ANOGHOST_DATA_DIR)');
    expect(output).not.toContain('AnoGhost listening');
  });
});
