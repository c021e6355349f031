/**
 * Data the chain must not lose silently: a damaged journal line refuses to start unless it is the
 * torn last one (a crash mid-append), naming the file and line; a journal without its snapshot
 * refuses; a refusal changes no file. The lock tells a stale holder (the pid now belongs to
 * another process, or to one from before a reboot) from a live one.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { getBase58Decoder } from '@solana/kit';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeProcess, formatLock } from './chain-lock.ts';
import { startLocalChain } from './start-local-chain.ts';
import { callJsonRpc, forkChain } from './testing/forked-chain.ts';

const AIRDROP_LAMPORTS = 5_000_000;
const JOURNAL = 'local-chain.journal';
const SNAPSHOT = 'local-chain.json';
const LOCK = 'local-chain.lock';

let root: string;
let crashed: string; // a data dir left by a chain killed after 3 airdrops (3 journal lines)
let recipients: string[];
let dataDir: string;

const randomAddress = () => getBase58Decoder().decode(randomBytes(32));
const balanceOf = (rpcUrl: string, address: string) =>
  callJsonRpc<{ value: number }>(rpcUrl, 'getBalance', [address]).then((r) => r.value);
const journalLines = () => fs.readFileSync(path.join(dataDir, JOURNAL), 'utf8').split('\n');
const writeJournal = (lines: string[]) => fs.writeFileSync(path.join(dataDir, JOURNAL), lines.join('\n'));
const chainFiles = () =>
  Object.fromEntries(
    fs
      .readdirSync(dataDir)
      .filter((name) => name !== LOCK)
      .map((name) => [name, fs.readFileSync(path.join(dataDir, name), 'utf8')]),
  );

function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), lines };
}

/** Restarts the chain on `dataDir` and reads each recipient's balance. */
async function balancesAfterRestart(options: { logger?: pino.Logger } = {}): Promise<number[]> {
  const chain = await startLocalChain({ dataDir, logger: pino({ level: 'silent' }), ...options });
  try {
    return await Promise.all(recipients.map((address) => balanceOf(chain.rpcUrl, address)));
  } finally {
    await chain.close();
  }
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'anoghost-store-'));
  crashed = path.join(root, 'crashed');
  const chain = await forkChain({ dataDir: crashed, snapshotIntervalMs: 3_600_000 });
  recipients = [randomAddress(), randomAddress(), randomAddress()];
  for (const address of recipients) {
    await callJsonRpc(chain.rpcUrl, 'requestAirdrop', [address, AIRDROP_LAMPORTS]);
  }
  await chain.kill();
}, 60_000);
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(root, 'case-'));
  fs.cpSync(crashed, dataDir, { recursive: true });
});

describe('the chain journal after a crash', () => {
  it('replays every acknowledged line', async () => {
    expect(journalLines()).toHaveLength(4); // three lines and the final newline
    expect(await balancesAfterRestart()).toEqual([AIRDROP_LAMPORTS, AIRDROP_LAMPORTS, AIRDROP_LAMPORTS]);
  });

  it('drops a torn last line (cut mid-write, or written whole but unparsable) and says so', async () => {
    const lines = journalLines();
    writeJournal([lines[0]!, lines[1]!, lines[2]!.slice(0, 40)]);
    const { logger, lines: logs } = capturingLogger();
    expect(await balancesAfterRestart({ logger })).toEqual([AIRDROP_LAMPORTS, AIRDROP_LAMPORTS, 0]);
    expect(logs.join('')).toContain('torn last line');

    fs.cpSync(crashed, dataDir, { recursive: true });
    writeJournal([lines[0]!, lines[1]!, '{"slot": garbage', '']);
    expect(await balancesAfterRestart()).toEqual([AIRDROP_LAMPORTS, AIRDROP_LAMPORTS, 0]);
  });

  it('keeps a torn last line dropped when the start that dropped it fails (no damage left behind)', async () => {
    const lines = journalLines();
    writeJournal([lines[0]!, lines[1]!, lines[2]!.slice(0, 40)]);
    // The start-up snapshot cannot be written: its temp file's name is taken by a directory.
    const blocker = path.join(dataDir, `${SNAPSHOT}.${process.pid}.tmp`);
    fs.mkdirSync(blocker);
    await expect(startLocalChain({ dataDir, logger: pino({ level: 'silent' }) })).rejects.toThrow(/EISDIR/);
    fs.rmdirSync(blocker);
    expect(await balancesAfterRestart()).toEqual([AIRDROP_LAMPORTS, AIRDROP_LAMPORTS, 0]);
  });

  it.each([
    ['the first line', 0, 'line 1 is damaged'],
    ['a middle line', 1, 'line 2 is damaged'],
  ])(
    'refuses to start when %s is damaged, naming file and line, and changes no file',
    async (_, index, message) => {
      const lines = journalLines();
      lines[index] = lines[index]!.replace('"record"', '"rec0rd"');
      writeJournal(lines);
      const before = chainFiles();
      const refusal = startLocalChain({ dataDir });
      await expect(refusal).rejects.toThrow(`${path.join(dataDir, JOURNAL)} ${message}`);
      await expect(refusal).rejects.toMatchObject({ name: 'ChainStoreError' });
      expect(chainFiles()).toEqual(before);
      expect(fs.existsSync(path.join(dataDir, LOCK))).toBe(false);
    },
  );

  it('refuses a journal whose snapshot is missing instead of starting a new chain over it', async () => {
    fs.rmSync(path.join(dataDir, SNAPSHOT));
    const before = chainFiles();
    await expect(startLocalChain({ dataDir })).rejects.toThrow(
      `${path.join(dataDir, JOURNAL)} continues the snapshot ${path.join(dataDir, SNAPSHOT)}, which is missing`,
    );
    expect(chainFiles()).toEqual(before);
  });

  it('refuses a sealed journal file that is missing or cut short (only the active one may be torn)', async () => {
    fs.renameSync(path.join(dataDir, JOURNAL), path.join(dataDir, `${JOURNAL}.2`));
    await expect(startLocalChain({ dataDir })).rejects.toThrow(
      `${path.join(dataDir, `${JOURNAL}.1`)} is missing`,
    );

    fs.renameSync(path.join(dataDir, `${JOURNAL}.2`), path.join(dataDir, `${JOURNAL}.1`));
    const sealed = path.join(dataDir, `${JOURNAL}.1`);
    fs.writeFileSync(sealed, fs.readFileSync(sealed, 'utf8').slice(0, -30));
    await expect(startLocalChain({ dataDir })).rejects.toThrow(`${sealed} line 3 is cut short`);

    fs.cpSync(crashed, dataDir, { recursive: true });
    fs.rmSync(path.join(dataDir, JOURNAL));
    fs.cpSync(path.join(crashed, JOURNAL), sealed);
    expect(await balancesAfterRestart()).toEqual([AIRDROP_LAMPORTS, AIRDROP_LAMPORTS, AIRDROP_LAMPORTS]);
    expect(fs.readdirSync(dataDir).filter((name) => name.startsWith(JOURNAL))).toEqual([]);
  });
});

describe('the lock', () => {
  const parent = () => describeProcess(process.ppid); // alive, and no chain

  it('takes over a lock whose pid now belongs to another process (its start time differs)', async () => {
    fs.writeFileSync(path.join(dataDir, LOCK), formatLock({ ...parent(), startTime: '1' }));
    const { logger, lines } = capturingLogger();
    const chain = await startLocalChain({ dataDir, logger });
    await chain.close();
    expect(lines.join('')).toContain('took over the lock');
    expect(await balancesAfterRestart()).toEqual([AIRDROP_LAMPORTS, AIRDROP_LAMPORTS, AIRDROP_LAMPORTS]);
  });

  it('takes over a lock from before a reboot (another boot id)', async () => {
    fs.writeFileSync(path.join(dataDir, LOCK), formatLock({ ...parent(), bootId: 'another-boot' }));
    const chain = await startLocalChain({ dataDir, logger: pino({ level: 'silent' }) });
    await chain.close();
  });

  it('refuses a lock whose holder is alive with the same start time and boot', async () => {
    expect(parent().startTime).toMatch(/^\d+$/);
    fs.writeFileSync(path.join(dataDir, LOCK), formatLock(parent()));
    await expect(startLocalChain({ dataDir })).rejects.toThrow(
      `already served by process ${process.ppid}; if no chain runs there, delete ${path.join(dataDir, LOCK)}`,
    );
  });
});
