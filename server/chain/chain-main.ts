/**
 * `npm run chain`: the embedded local chain on its own, for wallets and tools.
 * Env: `ANOGHOST_CHAIN_HOST` (default 127.0.0.1), `ANOGHOST_CHAIN_PORT` (default 8899),
 * `ANOGHOST_DATA_DIR` (default ./.anoghost), `ANOGHOST_LOG_LEVEL` (default info).
 */
import * as path from 'node:path';
import { pino } from 'pino';
import { localChainDir, startLocalChain } from './local-chain/start-local-chain.ts';

const DEFAULT_CHAIN_PORT = 8899;
const MAX_PORT = 65_535;

/** Bad configuration, reported at start-up. */
class ChainConfigError extends Error {
  override readonly name = 'ChainConfigError';
}

function readPort(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_CHAIN_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > MAX_PORT) {
    throw new ChainConfigError(`ANOGHOST_CHAIN_PORT must be a port number 0-${MAX_PORT}, got "${text}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const logger = pino({ level: process.env.ANOGHOST_LOG_LEVEL ?? 'info' });
  const chain = await startLocalChain({
    host: process.env.ANOGHOST_CHAIN_HOST || '127.0.0.1',
    port: readPort(process.env.ANOGHOST_CHAIN_PORT),
    dataDir: localChainDir(path.resolve(process.env.ANOGHOST_DATA_DIR || './.anoghost')),
    logger,
  });
  process.stdout.write(`AnoGhost local chain: ${chain.rpcUrl} (${chain.wsUrl})\n`);
  const stop = () => {
    chain.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'local chain did not close cleanly');
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
