import { describe, expect, it } from 'vitest';
import { ProtocolError, RequestTimeoutError } from '../../shared/client/index.ts';
import { describeError } from './error-messages.ts';

describe('error messages', () => {
  it('says which rule refused a forbidden request, as the server named it', () => {
    expect(describeError(new ProtocolError('forbidden', 'at most 16 rooms per session'))).toBe(
      'Not allowed: at most 16 rooms per session.',
    );
    expect(describeError(new ProtocolError('forbidden', 'your wallet does not hold this key'))).toBe(
      'Not allowed: your wallet does not hold this key.',
    );
  });

  it('uses its own sentence for codes that mean one thing', () => {
    expect(describeError(new ProtocolError('room_full', 'room is full'))).toBe('The room is full.');
    expect(describeError(new RequestTimeoutError('no answer to rotate'))).toMatch(/unreachable/);
  });

  it('says an empty wallet is an empty wallet, not just a failed payment', () => {
    for (const chain of [
      'the payment was refused: Attempt to debit an account but found no record of a prior credit.',
      'the payment was refused: insufficient lamports 5000, need 20005000',
    ]) {
      expect(describeError(new ProtocolError('payment_failed', chain))).toBe(
        'Not enough SOL in your wallet for this payment. Nothing was paid.',
      );
    }
    expect(describeError(new ProtocolError('payment_failed', 'the payment failed on chain'))).toBe(
      'The payment failed.',
    );
  });
});
