/**
 * Chain names as Sign-In-With-Solana and Wallet Standard know them (PROTOCOL.md §2): `mainnet`,
 * `devnet`, `testnet`, `localnet`, written `solana:mainnet`, … as Wallet Standard chains. The
 * cluster `mainnet-beta` (Solana's RPC name, as `ANOGHOST_CLUSTER` spells it) is `mainnet` there;
 * a sign-in's `Chain ID` may carry the `solana:` prefix and still names the same chain.
 */

const WALLET_STANDARD_PREFIX = 'solana:';

/** The standard chain name of `cluster`: `mainnet` for `mainnet-beta`, the others as they are. */
export function signInChainOf(cluster: string): string {
  return cluster === 'mainnet-beta' ? 'mainnet' : cluster;
}

/** The Wallet Standard chain of `cluster` (or of a standard name), e.g. `solana:mainnet`. */
export function walletChainOf(cluster: string): string {
  return `${WALLET_STANDARD_PREFIX}${signInChainOf(cluster)}`;
}

/**
 * Whether a sign-in's `Chain ID` names `chain` (a standard name, as the challenge sends it), with
 * or without the `solana:` prefix. `mainnet-beta` is not a standard name and matches nothing.
 */
export function namesChain(chainId: string, chain: string): boolean {
  return withoutPrefix(chainId) === withoutPrefix(chain);
}

function withoutPrefix(chainId: string): string {
  return chainId.startsWith(WALLET_STANDARD_PREFIX) ? chainId.slice(WALLET_STANDARD_PREFIX.length) : chainId;
}
