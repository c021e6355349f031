/**
 * The local chain refuses what a real node refuses, with the same JSON-RPC error shapes:
 * preflight failures (-32002 with err and logs), oversized packets, unknown or expired
 * blockhashes, duplicate signatures, bad signatures (-32003), bad params, unknown methods and
 * malformed JSON.
 */
import {
  type Blockhash,
  getBase58Decoder,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  getTransactionEncoder,
  getTransactionSize,
  getTransactionSizeLimit,
  lamports,
} from '@solana/kit';
import { getAddMemoInstruction } from '@solana-program/memo';
import { getTransferSolInstruction } from '@solana-program/system';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildSignedTransaction,
  createFundedSigner,
  generateAddress,
  type JsonRpcAnswer,
  postJsonRpc,
  signTransactionWithBlockhash,
  startTestChain,
  type TestChain,
} from './testing/test-chain.ts';

const MEMO_V3 = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr';
let test: TestChain;

function sendRaw(wire: string, config: Record<string, unknown> = {}) {
  const body = {
    jsonrpc: '2.0',
    id: 1,
    method: 'sendTransaction',
    params: [wire, { encoding: 'base64', ...config }],
  };
  return postJsonRpc(test, JSON.stringify(body));
}

async function buildTransfer(amount: bigint, blockhash?: string) {
  const payer = await createFundedSigner(test, 1_000_000_000n);
  const instructions = [
    getTransferSolInstruction({
      source: payer,
      destination: await generateAddress(),
      amount: lamports(amount),
    }),
  ];
  if (!blockhash) return buildSignedTransaction(test, payer, instructions);
  return signTransactionWithBlockhash(payer, instructions, {
    blockhash: blockhash as Blockhash,
    lastValidBlockHeight: 1_000n,
  });
}

beforeAll(async () => {
  test = await startTestChain();
});
afterAll(async () => {
  await test.chain.close();
});

describe('local chain refusals', () => {
  it('answers a failing preflight with -32002, err and logs', async () => {
    const transaction = await buildTransfer(5_000_000_000n);
    const answer = await sendRaw(getBase64EncodedWireTransaction(transaction));
    expect(answer.error?.code).toBe(-32002);
    expect(answer.error?.message).toBe(
      'Transaction simulation failed: Error processing Instruction 0: custom program error: 0x1',
    );
    expect(answer.error?.data?.err).toEqual({ InstructionError: [0, { Custom: 1 }] });
    expect(answer.error?.data?.logs.join('\n')).toMatch(/insufficient lamports/);
  });

  it('lands a failing transaction with skipPreflight and charges its fee', async () => {
    const transaction = await buildTransfer(5_000_000_000n);
    const answer = await sendRaw(getBase64EncodedWireTransaction(transaction), { skipPreflight: true });
    const { value } = await test.rpc.getSignatureStatuses([answer.result as never]).send();
    expect(value[0]?.err).toEqual({ InstructionError: [0n, { Custom: 1n }] });
  });

  it('refuses a transaction over 1232 bytes, base64 or base58, where kit does too', async () => {
    const payer = await createFundedSigner(test);
    const transaction = await buildSignedTransaction(test, payer, [
      getAddMemoInstruction({ memo: 'x'.repeat(1200) }, { programAddress: MEMO_V3 as never }),
    ]);
    expect(getTransactionSizeLimit(transaction)).toBe(1232);
    expect(getTransactionSize(transaction)).toBeGreaterThan(1232);
    const answer = await sendRaw(getBase64EncodedWireTransaction(transaction));
    expect(answer.error?.code).toBe(-32602);
    expect(answer.error?.message).toMatch(/too large: \d+ bytes \(max: encoded\/raw 1644\/1232\)/);
    const base58 = getBase58Decoder().decode(getTransactionEncoder().encode(transaction));
    const answer58 = await sendRaw(base58, { encoding: 'base58' });
    expect(answer58.error?.code).toBe(-32602);
    expect(answer58.error?.message).toMatch(/too large: \d+ bytes \(max: encoded\/raw 1683\/1232\)/);
  });

  it('refuses an unknown blockhash', async () => {
    const unknown = getBase58Decoder().decode(new Uint8Array(32).fill(9));
    const transaction = await buildTransfer(1_000_000n, unknown);
    const answer = await sendRaw(getBase64EncodedWireTransaction(transaction));
    expect(answer.error?.code).toBe(-32002);
    expect(answer.error?.data?.err).toBe('BlockhashNotFound');
    expect(answer.error?.message).toBe('Transaction simulation failed: Blockhash not found');
  });

  it('refuses a duplicate signature', async () => {
    const transaction = await buildTransfer(1_000_000n);
    const wire = getBase64EncodedWireTransaction(transaction);
    expect((await sendRaw(wire)).result).toBe(getSignatureFromTransaction(transaction));
    const again = await sendRaw(wire);
    expect(again.error?.code).toBe(-32002);
    expect(again.error?.data?.err).toBe('AlreadyProcessed');
    expect((await sendRaw(wire, { skipPreflight: true })).result).toBe(
      getSignatureFromTransaction(transaction),
    );
  });

  it('refuses a bad signature with -32003', async () => {
    const transaction = await buildTransfer(1_000_000n);
    const bytes = Buffer.from(getBase64EncodedWireTransaction(transaction), 'base64');
    bytes[5]! ^= 0xff;
    const answer = await sendRaw(bytes.toString('base64'));
    expect(answer.error).toEqual({ code: -32003, message: 'Transaction signature verification failure' });
  });

  it('answers bad params, unknown methods, malformed JSON and bad requests like a node', async () => {
    const badParams = await postJsonRpc(test, '{"jsonrpc":"2.0","id":1,"method":"getBalance","params":[42]}');
    expect(badParams.error?.code).toBe(-32602);
    const noMethod = await postJsonRpc(test, '{"jsonrpc":"2.0","id":2,"method":"getFoo"}');
    expect(noMethod).toEqual({ jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found' } });
    const malformed = await postJsonRpc(test, '{"jsonrpc":');
    expect(malformed).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    const invalid = await postJsonRpc(test, '{"id":3}');
    expect(invalid.error?.code).toBe(-32600);
    const batch = (await postJsonRpc<JsonRpcAnswer[]>(
      test,
      '[{"jsonrpc":"2.0","id":1,"method":"getHealth"},{"jsonrpc":"2.0","id":2,"method":"getSlot"}]',
    )) as JsonRpcAnswer[];
    expect(batch.map((item) => item.id)).toEqual([1, 2]);
    expect(batch[0]?.result).toBe('ok');
  });

  it('asks for maxSupportedTransactionVersion before returning a v0 transaction', async () => {
    const transaction = await buildTransfer(1_000_000n);
    const signature = (await sendRaw(getBase64EncodedWireTransaction(transaction))).result;
    const answer = await postJsonRpc(
      test,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'getTransaction',
        params: [signature, { encoding: 'json' }],
      }),
    );
    expect(answer.error?.code).toBe(-32015);
  });
});

describe('blockhash expiry', () => {
  it('expires blockhashes that leave the window', async () => {
    const fast = await startTestChain({ slotMs: 10, blockhashValiditySlots: 5 });
    try {
      const { value } = await fast.rpc.getLatestBlockhash().send();
      // 5 slots of 10 ms; polled, since a loaded machine may advance slots late.
      await vi.waitFor(
        async () => expect((await fast.rpc.isBlockhashValid(value.blockhash).send()).value).toBe(false),
        { timeout: 5000 },
      );
    } finally {
      await fast.chain.close();
    }
  });
});
