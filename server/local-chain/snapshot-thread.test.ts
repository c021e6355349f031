/**
 * Snapshots off the event loop: while a snapshot is being written (here: stuck writing into a
 * pipe nobody reads, the way a slow disk or a huge chain holds it) the chain keeps answering and
 * landing transactions; a crash in the middle loses nothing acknowledged; and what the worker
 * writes is exactly the ledger's state, after which the journal files it covers are gone.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getBase58Decoder, lamports } from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../tests/support/wait-until.ts';
import { startLocalChain } from './start-local-chain.ts';
import { callJsonRpc, forkChain } from './testing/forked-chain.ts';
import { createFundedSigner, sendInstructions, startTestChain } from './testing/test-chain.ts';

const AIRDROP_LAMPORTS = 2_000_000;
const PIPE_BUFFER_BYTES = 64 * 1024; // Linux default: a bigger snapshot blocks its writer
const silent = pino({ level: 'silent' });

let dataDir: string;
beforeEach(() => {
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anoghost-snap-')), 'chain');
});
afterEach(() => {
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

const randomAddress = () => getBase58Decoder().decode(randomBytes(32));
const airdrop = (rpcUrl: string, address: string, timeoutMs?: number) =>
  callJsonRpc<string>(rpcUrl, 'requestAirdrop', [address, AIRDROP_LAMPORTS], timeoutMs);
const snapshotOf = () =>
  JSON.parse(fs.readFileSync(path.join(dataDir, 'local-chain.json'), 'utf8')) as {
    accounts: { address: string }[];
    transactions: { signature: string }[];
  };

/** Opens `fifo` for reading; resolves once a writer has opened it (the snapshot is being written). */
async function openWhenWritten(fifo: string, timeoutMs: number): Promise<fs.promises.FileHandle> {
  const reader = fs.promises.open(fifo, 'r');
  const timer = setTimeout(() => fs.closeSync(fs.openSync(fifo, 'w')), timeoutMs); // frees the open
  try {
    const handle = await reader;
    return handle;
  } finally {
    clearTimeout(timer);
  }
}

describe('snapshots off the event loop', () => {
  it('keeps landing transactions while a snapshot write is stuck, and a crash then loses none', async () => {
    const chain = await forkChain({ dataDir, snapshotIntervalMs: 50 });
    const recipients: string[] = [];
    try {
      for (let batch = 0; batch < 10; batch++) {
        const addresses = Array.from({ length: 15 }, randomAddress);
        await Promise.all(addresses.map((address) => airdrop(chain.rpcUrl, address)));
        recipients.push(...addresses);
      }
      await waitUntil(() => fs.statSync(path.join(dataDir, 'local-chain.json')).size > 2 * PIPE_BUFFER_BYTES);

      // The next snapshot's temp file is a pipe: its writer blocks once 64 KiB are in it.
      const fifo = path.join(dataDir, `local-chain.json.${chain.pid}.tmp`);
      await waitUntil(() => {
        try {
          execFileSync('mkfifo', ['-m', '600', fifo], { stdio: 'ignore' });
          return true;
        } catch {
          return false; // a snapshot is writing the temp file right now
        }
      });
      const beforeStall = randomAddress();
      await airdrop(chain.rpcUrl, beforeStall);
      recipients.push(beforeStall);
      const reader = await openWhenWritten(fifo, 10_000);
      try {
        const duringStall = randomAddress();
        await airdrop(chain.rpcUrl, duringStall, 5000);
        recipients.push(duringStall);
        expect(await callJsonRpc(chain.rpcUrl, 'getBalance', [duringStall], 5000)).toMatchObject({
          value: AIRDROP_LAMPORTS,
        });
        // A really live chain process keeps its data dir.
        await expect(startLocalChain({ dataDir, logger: silent })).rejects.toThrow(
          `already served by process ${chain.pid}`,
        );
      } finally {
        await chain.kill();
        await reader.close();
        fs.rmSync(fifo, { force: true });
      }
    } finally {
      await chain.kill();
    }

    const restarted = await startLocalChain({ dataDir, logger: silent });
    try {
      const balances = await Promise.all(
        recipients.map((address) =>
          callJsonRpc<{ value: number }>(restarted.rpcUrl, 'getBalance', [address]).then((r) => r.value),
        ),
      );
      expect(balances).toEqual(recipients.map(() => AIRDROP_LAMPORTS));
    } finally {
      await restarted.close();
    }
  }, 60_000);

  it('writes exactly the ledger state, then removes the journal files it covers', async () => {
    const test = await startTestChain({ dataDir, snapshotIntervalMs: 50, logger: silent });
    try {
      const payer = await createFundedSigner(test);
      const emptied = await createFundedSigner(test, 1_000_000n);
      const destination = randomAddress();
      // `emptied` sends everything it holds: the account is gone, and must be gone from the snapshot.
      await sendInstructions(test, payer, [
        getTransferSolInstruction({
          source: emptied,
          destination: destination as never,
          amount: lamports(1_000_000n),
        }),
      ]);
      const ledger = test.chain.node.ledger;
      await waitUntil(() => snapshotOf().transactions.length === ledger.records.size);
      const snapshot = snapshotOf();
      const byAddress = (a: { address: string }, b: { address: string }) =>
        a.address.localeCompare(b.address);
      expect(snapshot.accounts.sort(byAddress)).toEqual(ledger.listStoredAccounts().sort(byAddress));
      expect(snapshot.accounts.map((account) => account.address)).not.toContain(emptied.address);
      expect(snapshot.transactions.map((record) => record.signature).sort()).toEqual(
        [...ledger.records.keys()].sort(),
      );
      await waitUntil(
        () => !fs.readdirSync(dataDir).some((name) => /^local-chain\.journal\.\d+$/.test(name)),
      );
    } finally {
      await test.chain.close();
    }
  });
});
