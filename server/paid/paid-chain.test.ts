/**
 * The paid-chat chain port against a real local chain over JSON-RPC (what each operation answers
 * before and after a payment lands, and for a payment that fails), and against an endpoint that
 * cannot be reached: every operation then rejects with `ChainUnavailableError`.
 */
import {
  type Address,
  generateKeyPairSigner,
  getBase58Decoder,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  getTransactionDecoder,
  isSolanaError,
  lamports,
  type Signature,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainUnavailableError, createSolanaClient } from '../chain/solana-client.ts';
import {
  buildSignedTransaction,
  generateAddress,
  signTransactionWithBlockhash,
  startTestChain,
  type TestChain,
} from '../local-chain/testing/test-chain.ts';
import { createPaidChain, type PaidChain } from './paid-chain.ts';

const FUNDS = 1_000_000_000n; // lamports

let test: TestChain;
let chain: PaidChain;
beforeAll(async () => {
  test = await startTestChain();
  chain = createPaidChain(createSolanaClient(test.chain.rpcUrl, test.chain.wsUrl));
});
afterAll(async () => {
  await test.chain.close();
});

async function fundedWallet() {
  const wallet = await generateKeyPairSigner();
  const airdrop = await test.rpc.requestAirdrop(wallet.address, lamports(FUNDS)).send();
  return { wallet, airdrop };
}

async function transfer(from: Awaited<ReturnType<typeof fundedWallet>>['wallet'], amount: bigint) {
  const destination = await generateAddress();
  return buildSignedTransaction(test, from, [
    getTransferSolInstruction({ source: from, destination, amount }),
  ]);
}

describe('the paid-chat chain port on a local chain', () => {
  it('follows a payment from unseen to confirmed and reads it back', async () => {
    const { wallet } = await fundedWallet();
    const tx = await transfer(wallet, 1_000_000n);
    const signature = getSignatureFromTransaction(tx);
    expect(await chain.paymentSeen(signature)).toBe(false);
    expect(await chain.waitForPayment(signature, 0)).toBe('unseen');
    expect(await chain.transaction(signature)).toBeUndefined();

    await chain.submit(tx);
    expect(await chain.waitForPayment(signature, 10_000)).toBe('confirmed');
    expect(await chain.paymentSeen(signature)).toBe(true);
    const found = await chain.transaction(signature);
    expect(found?.failed).toBe(false);
    expect(found && getSignatureFromTransaction(getTransactionDecoder().decode(found.wire))).toBe(signature);
    // The chain's block time is in seconds; the port gives ms.
    expect(found?.blockTimeMs).toBeGreaterThan(Date.now() - 60_000);
    expect((found?.blockTimeMs ?? 1) % 1000).toBe(0);
  });

  it('tells a payment that failed on chain, and passes a refused submit on as the chain’s error', async () => {
    const { wallet } = await fundedWallet();
    const tooMuch = await transfer(wallet, FUNDS * 5n);
    const refused = await chain.submit(tooMuch).catch((error: unknown) => error);
    expect(isSolanaError(refused)).toBe(true);

    const landed = await test.rpc
      .sendTransaction(getBase64EncodedWireTransaction(tooMuch), { encoding: 'base64', skipPreflight: true })
      .send();
    expect(await chain.waitForPayment(landed, 10_000)).toBe('failed');
    expect((await chain.transaction(landed))?.failed).toBe(true);
  });

  it('reads accounts, one or several in order', async () => {
    const { wallet } = await fundedWallet();
    const missing = await generateAddress();
    expect((await chain.account(wallet.address)).exists).toBe(true);
    expect((await chain.account(missing)).exists).toBe(false);
    const both = await chain.accounts([missing, wallet.address]);
    expect(both.map((a) => [a.address, a.exists])).toEqual([
      [missing, false],
      [wallet.address, true],
    ]);
    expect(await chain.tokenAccountsOf(wallet.address)).toEqual([]);
  });

  it('answers blockhash, block height, rent and send-and-confirm as the chain does', async () => {
    const lifetime = await chain.latestBlockhash();
    expect((await test.rpc.isBlockhashValid(lifetime.blockhash).send()).value).toBe(true);
    // The embedded chain keeps 150 blocks of validity (docs/local-chain.md): ~60 s at 400 ms.
    const left = lifetime.lastValidBlockHeight - (await chain.blockHeight());
    expect(left).toBeGreaterThanOrEqual(148n);
    expect(left).toBeLessThanOrEqual(150n);
    expect(await chain.rentFor(165n)).toBe(await test.rpc.getMinimumBalanceForRentExemption(165n).send());
    const { wallet } = await fundedWallet();
    const tx = await transfer(wallet, 1_000_000n);
    expect(await chain.sendAndConfirm(tx)).toBe(getSignatureFromTransaction(tx));
    expect(await chain.waitForPayment(getSignatureFromTransaction(tx), 0)).toBe('confirmed');
  });
});

describe('the paid-chat chain port with the endpoint down', () => {
  it('rejects every operation with ChainUnavailableError', async () => {
    const offline = createPaidChain(createSolanaClient('http://127.0.0.1:9', 'ws://127.0.0.1:9'));
    const someone: Address = await generateAddress();
    const wallet = await generateKeyPairSigner();
    const blockhash = getBase58Decoder().decode(new Uint8Array(32).fill(7)) as never;
    const tx = await signTransactionWithBlockhash(
      wallet,
      [getTransferSolInstruction({ source: wallet, destination: someone, amount: 1n })],
      { blockhash, lastValidBlockHeight: 1_000n },
    );
    const signature: Signature = getSignatureFromTransaction(tx);
    const operations: Record<keyof PaidChain, () => Promise<unknown>> = {
      latestBlockhash: () => offline.latestBlockhash(),
      blockHeight: () => offline.blockHeight(),
      paymentSeen: () => offline.paymentSeen(signature),
      submit: () => offline.submit(tx),
      waitForPayment: () => offline.waitForPayment(signature, 0),
      transaction: () => offline.transaction(signature),
      account: () => offline.account(someone),
      accounts: () => offline.accounts([someone]),
      tokenAccountsOf: () => offline.tokenAccountsOf(someone),
      rentFor: () => offline.rentFor(165n),
      sendAndConfirm: () => offline.sendAndConfirm(tx),
    };
    for (const [name, run] of Object.entries(operations)) {
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(ChainUnavailableError);
    }
  });
});
