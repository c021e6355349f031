/**
 * The local chain through its real endpoints with @solana/kit: airdrop, a SOL transfer with a
 * Memo v3 memo confirmed via signatureSubscribe, and what getTransaction / getSignatureStatuses
 * report about it.
 */
import {
  appendTransactionMessageInstruction,
  compileTransaction,
  createTransactionMessage,
  getBase58Decoder,
  getBase58Encoder,
  getBase64EncodedWireTransaction,
  lamports,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/kit';
import { getAddMemoInstruction } from '@solana-program/memo';
import { getTransferSolInstruction } from '@solana-program/system';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSignedTransaction,
  createFundedSigner,
  generateAddress,
  sendInstructions,
  startTestChain,
  type TestChain,
} from './testing/test-chain.ts';

const MEMO_V3 = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr';
const TRANSFER_LAMPORTS = 123_456_789n;
let test: TestChain;

beforeAll(async () => {
  test = await startTestChain();
});
afterAll(async () => {
  await test.chain.close();
});

describe('local chain over JSON-RPC', () => {
  it('answers cluster methods', async () => {
    expect(await test.rpc.getHealth().send()).toBe('ok');
    const version = await test.rpc.getVersion().send();
    expect(version['solana-core']).toMatch(/^\d+\.\d+\.\d+/);
    const genesis = await test.rpc.getGenesisHash().send();
    expect(genesis).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    const { value: latest } = await test.rpc.getLatestBlockhash().send();
    expect((await test.rpc.isBlockhashValid(latest.blockhash).send()).value).toBe(true);
    const slot = await test.rpc.getSlot().send();
    expect(await test.rpc.getBlockHeight().send()).toBeGreaterThanOrEqual(slot);
    expect(latest.lastValidBlockHeight).toBeGreaterThanOrEqual(slot + 150n);
    const epoch = await test.rpc.getEpochInfo().send();
    expect(epoch.absoluteSlot).toBeGreaterThanOrEqual(slot);
    expect(await test.rpc.getMinimumBalanceForRentExemption(0n).send()).toBe(890_880n);
  });

  it('airdrops lamports', async () => {
    const signer = await createFundedSigner(test, 2_000_000_000n);
    expect((await test.rpc.getBalance(signer.address).send()).value).toBe(2_000_000_000n);
  });

  it('transfers SOL with a memo, confirmed by subscription, and records it', async () => {
    const payer = await createFundedSigner(test);
    const destination = await generateAddress();
    const before = (await test.rpc.getBalance(payer.address).send()).value;
    const signature = await sendInstructions(test, payer, [
      getTransferSolInstruction({ source: payer, destination, amount: TRANSFER_LAMPORTS }),
      getAddMemoInstruction({ memo: 'quote:abc123' }, { programAddress: MEMO_V3 as never }),
    ]);

    const { value: statuses } = await test.rpc.getSignatureStatuses([signature]).send();
    expect(statuses[0]).toMatchObject({ err: null, confirmationStatus: 'finalized' });
    expect((await test.rpc.getBalance(destination).send()).value).toBe(TRANSFER_LAMPORTS);

    const tx = await test.rpc
      .getTransaction(signature, { encoding: 'json', maxSupportedTransactionVersion: 0 })
      .send();
    expect(tx).not.toBeNull();
    const message = tx!.transaction.message;
    expect(tx!.version).toBe(0);
    expect(tx!.blockTime).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(message.accountKeys[0]).toBe(payer.address);
    expect(message.accountKeys).toContain(destination);
    expect(tx!.meta!.err).toBeNull();
    expect(tx!.meta!.fee).toBe(5000n);
    expect(tx!.meta!.preBalances[0]).toBe(before);
    expect(tx!.meta!.postBalances[0]).toBe(before - TRANSFER_LAMPORTS - 5000n);
    const destinationIndex = message.accountKeys.indexOf(destination);
    expect(tx!.meta!.postBalances[destinationIndex]! - tx!.meta!.preBalances[destinationIndex]!).toBe(
      TRANSFER_LAMPORTS,
    );
    const memoInstruction = message.instructions.find(
      (item) => message.accountKeys[item.programIdIndex] === MEMO_V3,
    );
    expect(new TextDecoder().decode(getBase58Encoder().encode(memoInstruction!.data))).toBe('quote:abc123');
    expect(tx!.meta!.logMessages!.some((line) => line.includes('Memo (len 12)'))).toBe(true);

    const parsed = await test.rpc
      .getTransaction(signature, { encoding: 'jsonParsed', maxSupportedTransactionVersion: 0 })
      .send();
    const instructions = parsed!.transaction.message.instructions as unknown as Array<
      Record<string, unknown>
    >;
    expect(instructions[0]).toMatchObject({
      program: 'system',
      parsed: { type: 'transfer', info: { source: payer.address, destination, lamports: TRANSFER_LAMPORTS } },
    });
    expect(instructions[1]).toMatchObject({ program: 'spl-memo', parsed: 'quote:abc123' });

    const raw = await test.rpc
      .getTransaction(signature, { encoding: 'base64', maxSupportedTransactionVersion: 0 })
      .send();
    expect(raw!.transaction[1]).toBe('base64');
  });

  it('reports unknown signatures as null', async () => {
    const unknown = getBase58Decoder().decode(new Uint8Array(64).fill(7));
    const { value } = await test.rpc.getSignatureStatuses([unknown as never]).send();
    expect(value).toEqual([null]);
    expect(
      await test.rpc
        .getTransaction(unknown as never, { encoding: 'json', maxSupportedTransactionVersion: 0 })
        .send(),
    ).toBeNull();
  });

  it('simulates and prices a message', async () => {
    const payer = await createFundedSigner(test);
    const transaction = await buildSignedTransaction(test, payer, [
      getTransferSolInstruction({
        source: payer,
        destination: await generateAddress(),
        amount: lamports(1_000_000n),
      }),
    ]);
    const wire = getBase64EncodedWireTransaction(transaction);
    const { value } = await test.rpc
      .simulateTransaction(wire, { encoding: 'base64', sigVerify: true })
      .send();
    expect(value.err).toBeNull();
    expect(value.logs?.length).toBeGreaterThan(0);
    const messageBase64 = Buffer.from(transaction.messageBytes).toString('base64');
    expect((await test.rpc.getFeeForMessage(messageBase64 as never).send()).value).toBe(5000n);
  });

  it('simulates an unsigned transaction with replaceRecentBlockhash, as compute-unit estimation does', async () => {
    const payer = await createFundedSigner(test);
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (draft) => setTransactionMessageFeePayer(payer.address, draft),
      (draft) =>
        setTransactionMessageLifetimeUsingBlockhash(
          {
            blockhash: getBase58Decoder().decode(new Uint8Array(32).fill(3)) as never,
            lastValidBlockHeight: 0n,
          },
          draft,
        ),
      (draft) =>
        appendTransactionMessageInstruction(
          getTransferSolInstruction({ source: payer, destination: payer.address, amount: lamports(1n) }),
          draft,
        ),
    );
    const wire = getBase64EncodedWireTransaction(compileTransaction(message));
    const { value } = await test.rpc
      .simulateTransaction(wire, { encoding: 'base64', replaceRecentBlockhash: true, sigVerify: false })
      .send();
    expect(value.err).toBeNull();
    expect(value.unitsConsumed).toBeGreaterThan(0n);
    expect(value.replacementBlockhash?.blockhash).toBe(
      (await test.rpc.getLatestBlockhash().send()).value.blockhash,
    );
  });
});
