import { describe, expect, it } from 'vitest';
import { purposeOf } from './connect-purpose.ts';

describe('connect page purpose', () => {
  it('titles a sign-in as a sign-in, for the connect and the message request alike', () => {
    for (const request of [
      { op: 'connect' as const, requestId: 'w1', chain: 'solana:localnet' },
      { op: 'sign-message' as const, requestId: 'w2', message: 'AAAA' },
    ]) {
      expect(purposeOf(request)).toMatchObject({
        heading: 'Sign in to AnoGhost',
        prompt: 'Choose the wallet to sign in with:',
      });
    }
  });

  it('titles a payment by what it is for, with its amount in SOL', () => {
    const payment = {
      op: 'sign-transaction' as const,
      requestId: 'w3',
      tx: 'AAAA',
      chain: 'solana:localnet',
    };
    expect(purposeOf({ ...payment, lamports: '30000000', chatName: 'Weekend plans' })).toMatchObject({
      heading: "Approve 0.03 SOL for 'Weekend plans'",
      prompt: 'Choose the wallet to pay with:',
    });
    const unnamed = purposeOf({ ...payment, lamports: '1500000000' });
    expect(unnamed.heading).toBe('Approve 1.5 SOL for a paid chat');
    expect(unnamed.detail).toContain("1.5 SOL to the server's treasury");
  });
});
