/**
 * Lamport and token balances of a transaction's accounts, read before and after execution to
 * fill `meta.preBalances` / `postBalances` / `preTokenBalances` / `postTokenBalances`.
 */
import type { Address } from '@solana/kit';
import type { LiteSVM } from 'litesvm';
import { readMintDecimals, readTokenAccount } from './token-layout.ts';
import type { TokenBalance } from './transaction-record.ts';

/** Balances of a list of accounts at one moment. */
export interface AccountBalances {
  readonly lamports: bigint[];
  readonly tokens: TokenBalance[];
}

/** Reads the balances of `addresses` (in message order) from the SVM. */
export function readAccountBalances(svm: LiteSVM, addresses: readonly string[]): AccountBalances {
  const lamports: bigint[] = [];
  const tokens: TokenBalance[] = [];
  addresses.forEach((address, accountIndex) => {
    const account = svm.getAccount(address as Address);
    if (!account.exists) {
      lamports.push(0n);
      return;
    }
    lamports.push(BigInt(account.lamports));
    const token = readTokenAccount(account.programAddress, account.data);
    if (!token) return;
    const mint = svm.getAccount(token.mint as Address);
    const decimals = mint.exists ? readMintDecimals(mint.data) : 0;
    tokens.push({ accountIndex, ...token, programId: account.programAddress, decimals });
  });
  return { lamports, tokens };
}
