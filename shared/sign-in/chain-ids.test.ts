import { describe, expect, it } from 'vitest';
import { namesChain, signInChainOf, walletChainOf } from './chain-ids.ts';

describe('standard chain names (PROTOCOL.md §2)', () => {
  it('writes mainnet-beta as mainnet, the other clusters as they are', () => {
    expect(['localnet', 'devnet', 'testnet', 'mainnet-beta'].map(signInChainOf)).toEqual([
      'localnet',
      'devnet',
      'testnet',
      'mainnet',
    ]);
  });

  it('asks wallets for the Wallet Standard chain, solana:mainnet on mainnet', () => {
    expect(walletChainOf('mainnet-beta')).toBe('solana:mainnet');
    expect(walletChainOf('mainnet')).toBe('solana:mainnet');
    expect(walletChainOf('devnet')).toBe('solana:devnet');
    expect(walletChainOf('localnet')).toBe('solana:localnet');
  });

  it('takes a Chain ID with or without the solana: prefix as the same chain, and mainnet-beta as none', () => {
    expect(namesChain('mainnet', 'mainnet')).toBe(true);
    expect(namesChain('solana:mainnet', 'mainnet')).toBe(true);
    expect(namesChain('solana:localnet', 'localnet')).toBe(true);
    expect(namesChain('mainnet-beta', 'mainnet')).toBe(false);
    expect(namesChain('solana:mainnet-beta', 'mainnet')).toBe(false);
    expect(namesChain('devnet', 'mainnet')).toBe(false);
    expect(namesChain('solana:devnet', 'localnet')).toBe(false);
    expect(namesChain('solanamainnet', 'mainnet')).toBe(false);
  });
});
