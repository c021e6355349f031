/** The sentences a failed payment gets, and which failures mean "quote again". */
import { describe, expect, it, vi } from 'vitest';
import { ProtocolError } from '../../../shared/client/index.ts';

vi.mock('wxt/browser', () => ({ browser: {} }));
const { describePaymentError, isLapsedPayment } = await import('./paid-redeem.ts');

describe('payment errors', () => {
  it('says how much SOL is needed when the wallet has too little', () => {
    const error = new ProtocolError('payment_failed', 'the payment was refused: insufficient lamports');
    expect(describePaymentError(error, '20000000')).toContain(
      'Not enough SOL in your wallet: this chat costs 0.02 SOL',
    );
    expect(isLapsedPayment(error)).toBe(false);
  });

  it('quotes again when the payment window passed or the quote expired', () => {
    const lapsed = new ProtocolError('payment_failed', 'the payment was refused: Blockhash not found');
    expect(isLapsedPayment(lapsed)).toBe(true);
    expect(describePaymentError(lapsed, '1')).toContain('here is a new price');
    const expired = new ProtocolError('quote_expired', 'quote expired');
    expect(isLapsedPayment(expired)).toBe(true);
    expect(describePaymentError(expired, '1')).toContain('new price');
  });

  it('says the payment was declined in the wallet', () => {
    expect(describePaymentError(new Error('The wallet refused the request.'), '1')).toBe(
      'You declined the payment in the wallet. Nothing was paid.',
    );
  });
});
