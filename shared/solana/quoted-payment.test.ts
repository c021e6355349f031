/**
 * The client's payment check against transactions built by an independent encoder (@solana/kit,
 * as the server builds them), the honest one and every way a server could bend it; and the
 * strict reader against truncated, padded and non-canonical bytes.
 */
import {
  type Address,
  address,
  appendTransactionMessageInstructions,
  type Blockhash,
  compileTransaction,
  createNoopSigner,
  createTransactionMessage,
  getTransactionEncoder,
  type Instruction,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/kit';
import { getAddMemoInstruction } from '@solana-program/memo';
import { getTransferSolInstruction } from '@solana-program/system';
import { describe, expect, it } from 'vitest';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { encodeBase58 } from '../encoding.ts';
import { formatSol } from './lamports.ts';
import { checkQuotedPayment } from './quoted-payment.ts';
import { decodeWireTransaction } from './wire-transaction.ts';

const randomAddress = () => address(encodeBase58(generateRandomBytes(32)));
const PAYER = randomAddress();
const TREASURY = randomAddress();
const ELSEWHERE = randomAddress();
const LAMPORTS = 20_000_000n;
const MEMO = 'anoghost:quote:AbCdEfGhIjKlMnOpQrStUv';
const MEMO_V3 = address('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr');
const BLOCKHASH = {
  blockhash: encodeBase58(generateRandomBytes(32)) as Blockhash,
  lastValidBlockHeight: 100n,
};
const QUOTED = { payer: PAYER, treasury: TREASURY, lamports: LAMPORTS };

const transfer = (amount = LAMPORTS, to: Address = TREASURY, from: Address = PAYER) =>
  getTransferSolInstruction({ source: createNoopSigner(from), destination: to, amount });
const memo = (text = MEMO) => getAddMemoInstruction({ memo: text }, { programAddress: MEMO_V3 });

/** Wire bytes of a transaction paid by `feePayer` with `instructions` (the server's shape by default). */
function build(
  instructions: Instruction[] = [transfer(), memo()],
  options: { feePayer?: Address; version?: 0 | 'legacy' } = {},
): Uint8Array {
  const message = pipe(
    createTransactionMessage({ version: options.version ?? 0 }),
    (m) => setTransactionMessageFeePayer(options.feePayer ?? PAYER, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(BLOCKHASH, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  return new Uint8Array(getTransactionEncoder().encode(compileTransaction(message)));
}

function problemOf(bytes: Uint8Array, quoted = QUOTED): string {
  const result = checkQuotedPayment(bytes, quoted);
  if (result.ok) throw new Error('expected a refusal');
  return result.problem;
}

describe('checkQuotedPayment', () => {
  it('accepts the server’s payment and reads its amount, destination and memo from the bytes', () => {
    expect(checkQuotedPayment(build(), QUOTED)).toEqual({
      ok: true,
      payment: { payer: PAYER, destination: TREASURY, lamports: LAMPORTS, memo: MEMO },
    });
    expect(checkQuotedPayment(build([memo(), transfer()]), QUOTED).ok).toBe(true);
  });

  it('refuses another amount or destination, naming what the transaction really does', () => {
    expect(problemOf(build([transfer(1_500_000_000n, ELSEWHERE), memo()]))).toBe(
      `it pays 1.5 SOL to ${ELSEWHERE}, not 0.02 SOL to the treasury ${TREASURY}`,
    );
    expect(problemOf(build([transfer(LAMPORTS + 1n), memo()]))).toContain('pays 0.020000001 SOL');
    expect(problemOf(build([transfer(LAMPORTS, ELSEWHERE), memo()]))).toContain(`to ${ELSEWHERE}`);
  });

  it('refuses every other shape', () => {
    const other = randomAddress();
    const computeBudget = {
      programAddress: address('ComputeBudget111111111111111111111111111111'),
      data: new Uint8Array([2, 0, 0, 1, 0]),
    };
    const cases: [string, Uint8Array, string][] = [
      ['legacy', build(undefined, { version: 'legacy' }), 'it is a legacy transaction, not version 0'],
      [
        'another fee payer',
        build([transfer(LAMPORTS, TREASURY, other), memo()], { feePayer: other }),
        'its fee payer',
      ],
      ['a second signer', build([transfer(LAMPORTS, TREASURY, other), memo()]), 'only your wallet may sign'],
      ['an extra program', build([transfer(), memo(), computeBudget]), 'it also calls the program Compute'],
      ['two transfers', build([transfer(1n), transfer(LAMPORTS - 1n), memo()]), '2 System instructions'],
      ['no memo', build([transfer()]), '0 memos'],
      ['two memos', build([transfer(), memo(), memo()]), '2 memos'],
      ['no transfer', build([memo()]), '0 System instructions'],
      ['a foreign memo', build([transfer(), memo('pay me')]), 'not an AnoGhost quote memo'],
      ['a memo with spaces', build([transfer(), memo('anoghost:quote:a b')]), 'not an AnoGhost quote memo'],
    ];
    for (const [name, bytes, problem] of cases) expect(problemOf(bytes), name).toContain(problem);
  });

  it('refuses bytes that are not exactly one readable transaction', () => {
    const honest = build();
    // Every truncation, and any byte after the end.
    for (let length = 0; length < honest.length; length++)
      expect(problemOf(honest.subarray(0, length)), `length ${length}`).toMatch(/^it is not a readable/);
    expect(problemOf(new Uint8Array([...honest, 0]))).toContain('bytes follow the end');
  });

  it('refuses lookup tables, another version and a System instruction that is not a transfer', () => {
    const honest = build();
    expect(honest.at(-1)).toBe(0); // the lookup table count ends a v0 message
    const table = [...generateRandomBytes(32), 1, 0, 0];
    expect(problemOf(new Uint8Array([...honest.subarray(0, -1), 1, ...table]))).toBe(
      'it loads accounts from address lookup tables',
    );
    const messageStart = 1 + 64;
    const v1 = new Uint8Array(honest);
    v1[messageStart] = 0x81;
    expect(problemOf(v1)).toBe('it is a version 1 transaction, not version 0');
    const allocate = build([
      { ...transfer(), data: new Uint8Array([8, 0, 0, 0, ...new Uint8Array(8)]) },
      memo(),
    ]);
    expect(problemOf(allocate)).toBe('its System instruction is not a plain transfer');
  });
});

describe('decodeWireTransaction', () => {
  it('reads the header, accounts, blockhash and instructions', () => {
    const tx = decodeWireTransaction(build());
    expect(tx).toMatchObject({
      signatureCount: 1,
      version: 0,
      header: { requiredSignatures: 1, readonlySigned: 0, readonlyUnsigned: 2 },
      blockhash: BLOCKHASH.blockhash,
      lookupTableCount: 0,
    });
    expect(tx.accounts.slice(0, 2)).toEqual([PAYER, TREASURY]);
    expect(tx.instructions).toHaveLength(2);
  });

  it('refuses a non-canonical length and an account listed twice', () => {
    const honest = build();
    // The signature count 1 written in two bytes (0x81 0x00) is the same number, not canonically.
    expect(() => decodeWireTransaction(new Uint8Array([0x81, 0x00, ...honest.subarray(1)]))).toThrow(
      'not encoded canonically',
    );
    const accountsAt = 1 + 64 + 1 + 3 + 1;
    const twice = new Uint8Array(honest);
    twice.set(honest.subarray(accountsAt, accountsAt + 32), accountsAt + 32);
    expect(() => decodeWireTransaction(twice)).toThrow('an account is listed twice');
  });
});

describe('formatSol', () => {
  it('writes lamports as exact SOL', () => {
    expect([0n, 1n, 20_000_000n, 1_500_000_000n, 12_000_000_000n].map(formatSol)).toEqual([
      '0',
      '0.000000001',
      '0.02',
      '1.5',
      '12',
    ]);
  });
});
