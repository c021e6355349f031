/**
 * LiteSVM error values → the JSON and messages of real nodes. LiteSVM's error classes are
 * matched by shape, so plain objects of the same shape stand in for them here.
 */
import { describe, expect, it } from 'vitest';
import { convertTransactionError, describeTransactionError } from './transaction-errors.ts';

describe('convertTransactionError', () => {
  it('names fieldless transaction errors', () => {
    expect(convertTransactionError(6)).toBe('AlreadyProcessed');
    expect(convertTransactionError(7)).toBe('BlockhashNotFound');
    expect(convertTransactionError(11)).toBe('SignatureFailure');
  });

  it('converts instruction errors, custom, fieldless and Borsh', () => {
    expect(convertTransactionError({ index: 0, err: () => ({ code: 37 }) })).toEqual({
      InstructionError: [0, { Custom: 37 }],
    });
    expect(convertTransactionError({ index: 2, err: () => 5 })).toEqual({
      InstructionError: [2, 'InsufficientFunds'],
    });
    expect(convertTransactionError({ index: 1, err: () => ({ msg: 'bad' }) })).toEqual({
      InstructionError: [1, { BorshIoError: 'bad' }],
    });
  });

  it('converts errors with an index or account index', () => {
    expect(convertTransactionError({ index: 3 })).toEqual({ DuplicateInstruction: 3 });
    expect(convertTransactionError({ accountIndex: 1 })).toEqual({
      InsufficientFundsForRent: { account_index: 1 },
    });
  });
});

describe('describeTransactionError', () => {
  it('words errors as Agave does', () => {
    expect(describeTransactionError('BlockhashNotFound')).toBe('Blockhash not found');
    expect(describeTransactionError({ InstructionError: [0, { Custom: 1 }] })).toBe(
      'Error processing Instruction 0: custom program error: 0x1',
    );
    expect(describeTransactionError({ InstructionError: [1, 'InvalidAccountData'] })).toBe(
      'Error processing Instruction 1: invalid account data',
    );
    expect(describeTransactionError({ InsufficientFundsForRent: { account_index: 2 } })).toBe(
      'Transaction results in an account (2) with insufficient funds for rent',
    );
  });
});
