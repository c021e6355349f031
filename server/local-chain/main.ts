/**
 * `npm run chain`: the embedded local chain on its own, for wallets and tools.
 * Env: `ANOGHOST_CHAIN_HOST` (default 127.0.0.1), `ANOGHOST_CHAIN_PORT` (default 8899),
 * `ANOGHOST_DATA_DIR` (default ./.anoghost; the chain lives in its `chain/`), `ANOGHOST_LOG_LEVEL`.
 */
import * as path from 'node:path';
import { loadChainConfig } from '../config/config.ts';
import { createLogger, errorName } from '../log/logger.ts';
import { localChainDir, startLocalChain } from './start-local-chain.ts';

async function main(): Promise<void> {
  const config = loadChainConfig();
  const logger = createLogger(config.logLevel);
  const chain = await startLocalChain({
    host: config.host,
    port: config.port,
    dataDir: localChainDir(path.resolve(config.dataDir)),
    logger,
  });
  process.stdout.write(`AnoGhost local chain: ${chain.rpcUrl} (${chain.wsUrl})\n`);
  const stop = () => {
    chain.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: errorName(error) }, 'local chain did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
main().catch((error: unknown) => {
  console.error(
    `AnoGhost local chain failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
