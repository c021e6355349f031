/**
 * What a client checks in a server's `challenge` before any wallet is asked (PROTOCOL.md §2): the
 * domain the wallet would sign in to must be the host of the server the client chose, and the
 * cluster one of the four standard names. A server cannot make a wallet sign "phantom.app wants
 * you to sign in…" for it, nor name a chain the client does not know.
 */

/** The standard cluster names of `Chain ID` and Wallet Standard chains (`solana:<name>`). */
export const CHAIN_NAMES = ['mainnet', 'devnet', 'testnet', 'localnet'] as const;
export type ChainName = (typeof CHAIN_NAMES)[number];

export function isChainName(value: string): value is ChainName {
  return (CHAIN_NAMES as readonly string[]).includes(value);
}

/**
 * Why the challenge must not be signed for the server at `serverOrigin`, as a phrase that follows
 * "The server …", or `undefined` when it may be.
 */
export function findChallengeProblem(
  challenge: { domain: string; cluster: string },
  serverOrigin: string,
): string | undefined {
  const host = URL.canParse(serverOrigin) ? new URL(serverOrigin).host : undefined;
  if (challenge.domain !== host)
    return `asks to sign in to "${clip(challenge.domain)}", which is not its own address (${host ?? serverOrigin})`;
  if (!isChainName(challenge.cluster))
    return `names the Solana cluster "${clip(challenge.cluster)}", which is none of ${CHAIN_NAMES.join(', ')}`;
  return undefined;
}

/** Server text shown to a person: bounded, one line. */
function clip(text: string): string {
  const line = text.replace(/[\p{Cc}\p{Cf}]/gu, '?');
  return line.length > 64 ? `${line.slice(0, 64)}…` : line;
}
