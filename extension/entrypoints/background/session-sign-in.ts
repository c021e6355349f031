/**
 * The one wallet prompt per session key: picks the wallet on the /connect page, then has it sign
 * the library's Sign-In-With-Solana message authorizing a fresh session key (PROTOCOL.md §2).
 * Runs before any signed-in connection opens (see server-probe.ts).
 */
import type { SessionCredentials } from '../../../shared/client/index.ts';
import { createCredentials } from '../../../shared/client/session-credentials.ts';
import { decodeB64u, encodeB64u } from '../../../shared/encoding.ts';
import { walletChainOf as standardWalletChainOf } from '../../../shared/sign-in/chain-ids.ts';
import type { ChainName } from '../../../shared/sign-in/sign-in-challenge.ts';
import type { ServerInfo } from '../../messaging/server-probe.ts';
import { type WalletBridge, WalletBridgeError } from './wallet-bridge.ts';

/** How long one wallet signature authorizes the session key. */
export const SESSION_LIFETIME_MS = 24 * 60 * 60_000;

/** Signs in on `server` with its challenge `info`, already checked (its cluster is the confirmed chain). */
export type SignInWithWallet = (
  server: string,
  info: ServerInfo & { cluster: ChainName },
) => Promise<SessionCredentials>;

/** The Wallet Standard chain of the challenge's cluster: `solana:mainnet` on mainnet (PROTOCOL.md §2). */
export function walletChainOf(cluster: string): string {
  return standardWalletChainOf(cluster);
}

export function createWalletSignIn(bridge: WalletBridge): SignInWithWallet {
  return async (server, info) => {
    // The page closes however the sign-in ends, a refused or cancelled connect included.
    try {
      const address = await bridge.request({ op: 'connect', chain: walletChainOf(info.cluster) });
      return await createCredentials({
        wallet: {
          address,
          signMessage: async (message) => {
            const signature = decodeB64u(
              await bridge.request({ op: 'sign-message', message: encodeB64u(message) }),
            );
            if (!signature)
              throw new WalletBridgeError('failed', 'The wallet returned a malformed signature.');
            return signature;
          },
        },
        challenge: info,
        origin: server,
        now: Date.now(),
        lifetimeMs: SESSION_LIFETIME_MS,
      });
    } finally {
      void bridge.closePage();
    }
  };
}
