/**
 * Account JSON-RPC methods: getAccountInfo, getMultipleAccounts, getBalance,
 * getMinimumBalanceForRentExemption, getTokenAccountsByOwner.
 */
import type { Address } from '@solana/kit';
import * as v from 'valibot';
import { assertSupportedAccountEncoding, encodeAccount } from './account-encoding.ts';
import type { LocalNode } from './local-node.ts';
import { createInvalidParamsError } from './rpc-error.ts';
import { type RpcMethod, withContext } from './rpc-method.ts';
import { ACCOUNT_CONFIG, ADDRESS, COMMITMENT_CONFIG, parseParams, U64 } from './rpc-params.ts';
import { isTokenProgram, readMintDecimals, readTokenAccount } from './token-layout.ts';

const MAX_MULTIPLE_ACCOUNTS = 100; // accounts per request, as Agave
const TOKEN_ACCOUNTS_FILTER = v.union([v.object({ mint: ADDRESS }), v.object({ programId: ADDRESS })]);

function createMintDecimalsReader(node: LocalNode): (mint: string) => number {
  return (mint) => {
    const account = node.ledger.svm.getAccount(mint as Address);
    return account.exists ? readMintDecimals(account.data) : 0;
  };
}

const getAccountInfo: RpcMethod = (params, node) => {
  const [address, config] = parseParams(v.tuple([ADDRESS, ACCOUNT_CONFIG]), params);
  assertSupportedAccountEncoding(config);
  const account = node.ledger.svm.getAccount(address as Address);
  return withContext(node, encodeAccount(account, config, createMintDecimalsReader(node)));
};

const getMultipleAccounts: RpcMethod = (params, node) => {
  const [addresses, config] = parseParams(
    v.tuple([
      v.pipe(v.array(ADDRESS), v.maxLength(MAX_MULTIPLE_ACCOUNTS, 'Too many inputs provided; max 100')),
      ACCOUNT_CONFIG,
    ]),
    params,
  );
  assertSupportedAccountEncoding(config);
  const readDecimals = createMintDecimalsReader(node);
  const accounts = addresses.map((address) =>
    encodeAccount(node.ledger.svm.getAccount(address as Address), config, readDecimals),
  );
  return withContext(node, accounts);
};

const getBalance: RpcMethod = (params, node) => {
  const [address] = parseParams(v.tuple([ADDRESS, COMMITMENT_CONFIG]), params);
  return withContext(node, BigInt(node.ledger.svm.getBalance(address as Address) ?? 0n));
};

const getMinimumBalanceForRentExemption: RpcMethod = (params, node) => {
  const [size] = parseParams(v.tuple([U64, COMMITMENT_CONFIG]), params);
  return node.ledger.svm.minimumBalanceForRentExemption(BigInt(size));
};

const getTokenAccountsByOwner: RpcMethod = (params, node) => {
  const [owner, filter, config] = parseParams(
    v.tuple([ADDRESS, TOKEN_ACCOUNTS_FILTER, ACCOUNT_CONFIG]),
    params,
  );
  assertSupportedAccountEncoding(config);
  const svm = node.ledger.svm;
  let programId: string;
  let mint: string | undefined;
  if ('mint' in filter) {
    mint = filter.mint;
    const mintAccount = svm.getAccount(filter.mint as Address);
    if (!mintAccount.exists || !isTokenProgram(mintAccount.programAddress)) {
      throw createInvalidParamsError('could not find mint');
    }
    programId = mintAccount.programAddress;
  } else {
    programId = filter.programId;
    if (!isTokenProgram(programId)) throw createInvalidParamsError('unrecognized Token program id');
  }
  const matches = node.ledger.listTokenAccountsOf(owner).filter((account) => {
    const token = readTokenAccount(account.programAddress, account.data);
    return account.programAddress === programId && (mint === undefined || token?.mint === mint);
  });
  const value = matches.map((account) => ({
    pubkey: account.address,
    account: encodeAccount(account, config, createMintDecimalsReader(node)),
  }));
  return withContext(node, value);
};

/** The account methods by name. */
export const ACCOUNT_METHODS: Record<string, RpcMethod> = {
  getAccountInfo,
  getMultipleAccounts,
  getBalance,
  getMinimumBalanceForRentExemption,
  getTokenAccountsByOwner,
};
