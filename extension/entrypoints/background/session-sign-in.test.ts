import { describe, expect, it } from 'vitest';
import { walletChainOf } from './session-sign-in.ts';

describe('the wallet chain the bridge asks for (PROTOCOL.md §2)', () => {
  it('is solana:mainnet on mainnet, whether the challenge says mainnet or the cluster name mainnet-beta', () => {
    expect(walletChainOf('mainnet')).toBe('solana:mainnet');
    expect(walletChainOf('mainnet-beta')).toBe('solana:mainnet');
    expect(walletChainOf('devnet')).toBe('solana:devnet');
    expect(walletChainOf('localnet')).toBe('solana:localnet');
  });
});
