/**
 * The local chain survives a restart on the same data dir: balances, Token-2022 accounts,
 * transaction records and recent blockhashes; and a crash (no final snapshot) loses nothing
 * acknowledged, thanks to the journal. Files are private (dir 0700, files 0600).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateKeyPairSigner, getBase64Encoder, lamports } from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { getTokenDecoder, TOKEN_2022_PROGRAM_ADDRESS } from '@solana-program/token-2022';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalChain } from './start-local-chain.ts';
import {
  buildSignedTransaction,
  createFundedSigner,
  generateAddress,
  sendInstructions,
  startTestChain,
} from './testing/test-chain.ts';
import { createSoulboundMint, mintOneTo } from './testing/test-tokens.ts';

const TRANSFER_LAMPORTS = 42_000_000n;
let dataDir: string;

beforeEach(() => {
  dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anoghost-chain-')), 'data');
});
afterEach(() => {
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

describe('local chain persistence', () => {
  it('keeps balances, token accounts, records and blockhashes across a restart', async () => {
    const first = await startTestChain({ dataDir });
    const payer = await createFundedSigner(first);
    const destination = await generateAddress();
    const signature = await sendInstructions(first, payer, [
      getTransferSolInstruction({ source: payer, destination, amount: lamports(TRANSFER_LAMPORTS) }),
    ]);
    const mint = await generateKeyPairSigner();
    const holder = await generateAddress();
    await createSoulboundMint(first, payer, mint);
    const { ata, signature: mintSignature } = await mintOneTo(first, payer, mint.address, holder);
    const payerBalance = (await first.rpc.getBalance(payer.address).send()).value;
    const genesis = await first.rpc.getGenesisHash().send();
    const slot = await first.rpc.getSlot().send();
    const pending = await buildSignedTransaction(first, payer, [
      getTransferSolInstruction({ source: payer, destination, amount: lamports(1n) }),
    ]);
    await first.chain.close();

    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const file of fs.readdirSync(dataDir))
      expect(fs.statSync(path.join(dataDir, file)).mode & 0o777).toBe(0o600);

    const second = await startTestChain({ dataDir });
    try {
      expect(await second.rpc.getGenesisHash().send()).toBe(genesis);
      expect(await second.rpc.getSlot().send()).toBeGreaterThanOrEqual(slot);
      expect((await second.rpc.getBalance(payer.address).send()).value).toBe(payerBalance);
      expect((await second.rpc.getBalance(destination).send()).value).toBe(TRANSFER_LAMPORTS);
      const tokens = await second.rpc
        .getTokenAccountsByOwner(holder, { programId: TOKEN_2022_PROGRAM_ADDRESS }, { encoding: 'base64' })
        .send();
      expect(tokens.value.map((item) => item.pubkey)).toEqual([ata]);
      expect(
        getTokenDecoder().decode(getBase64Encoder().encode(tokens.value[0]!.account.data[0])).amount,
      ).toBe(1n);
      const record = await second.rpc
        .getTransaction(signature, { encoding: 'json', maxSupportedTransactionVersion: 0 })
        .send();
      expect(record?.meta?.err).toBeNull();
      const minted = await second.rpc
        .getTransaction(mintSignature, { encoding: 'json', maxSupportedTransactionVersion: 0 })
        .send();
      expect(minted?.meta?.innerInstructions?.[0]?.index).toBe(0); // the ATA program's CPIs
      expect(minted?.meta?.postTokenBalances?.[0]?.uiTokenAmount.amount).toBe('1');
      expect((await second.rpc.getSignatureStatuses([signature]).send()).value[0]?.err).toBeNull();
      await second.sendAndConfirm(pending, { commitment: 'confirmed' });
      expect((await second.rpc.getBalance(destination).send()).value).toBe(TRANSFER_LAMPORTS + 1n);
      await createFundedSigner(second);
    } finally {
      await second.chain.close();
    }
  });

  it('replays the journal after a crash that wrote no final snapshot', async () => {
    const crashed = await startTestChain({ dataDir, snapshotIntervalMs: 3_600_000 });
    const payer = await createFundedSigner(crashed);
    const destination = await generateAddress();
    const signature = await sendInstructions(crashed, payer, [
      getTransferSolInstruction({ source: payer, destination, amount: lamports(TRANSFER_LAMPORTS) }),
    ]);
    const restarted = await startTestChain({ dataDir });
    try {
      expect((await restarted.rpc.getBalance(destination).send()).value).toBe(TRANSFER_LAMPORTS);
      expect((await restarted.rpc.getSignatureStatuses([signature]).send()).value[0]?.err).toBeNull();
    } finally {
      await restarted.chain.close();
      await crashed.chain.close();
    }
  });

  it('refuses a data dir served by another live process, and a busy port, without crashing', async () => {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(dataDir, 'local-chain.lock'), `${process.ppid}\n`);
    await expect(startLocalChain({ dataDir })).rejects.toThrow(/already served by process/);
    fs.writeFileSync(path.join(dataDir, 'local-chain.lock'), '999999999\n');
    const chain = await startLocalChain({ dataDir });
    try {
      await expect(startLocalChain({ port: chain.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await chain.close();
    }
    expect(fs.existsSync(path.join(dataDir, 'local-chain.lock'))).toBe(false);
  });
});
