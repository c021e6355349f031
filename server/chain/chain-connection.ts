/**
 * Connects the server to Solana (DESIGN.md "Chain access"): the configured cluster, or an embedded
 * local chain started in-process when `SOLANA_RPC_URL` is unset. Either way the rest of the server
 * sees one `SolanaClient` speaking JSON-RPC.
 */
import type { Config } from '../config/config.ts';
import { findLocalChainState, localChainDir, startLocalChain } from '../local-chain/start-local-chain.ts';
import type { Logger } from '../log/logger.ts';
import { createSolanaClient, type SolanaClient } from './solana-client.ts';

export interface ChainConnection {
  client: SolanaClient;
  /** Where the chain is: the embedded chain's URL, or the configured one. */
  rpcUrl: string;
  close(): Promise<void>;
}

/**
 * The embedded chain's existing state in the data dir (a file path), if any. With
 * `SOLANA_RPC_URL` the chain is elsewhere: the data dir's key check is then the only record.
 */
export function findChainState(config: Config): string | undefined {
  return config.solanaRpcUrl ? undefined : findLocalChainState(localChainDir(config.dataDir));
}

export async function connectChain(config: Config, logger: Logger): Promise<ChainConnection> {
  if (config.solanaRpcUrl) {
    const wsUrl = config.solanaRpcUrl.replace(/^http/, 'ws');
    return {
      client: createSolanaClient(config.solanaRpcUrl, wsUrl),
      rpcUrl: config.solanaRpcUrl,
      close: async () => {},
    };
  }
  const chain = await startLocalChain({
    dataDir: localChainDir(config.dataDir),
    logger: logger.child({ part: 'chain' }),
  });
  logger.info({ rpcUrl: chain.rpcUrl }, 'embedded local chain started');
  return {
    client: createSolanaClient(chain.rpcUrl, chain.wsUrl),
    rpcUrl: chain.rpcUrl,
    close: () => chain.close(),
  };
}
