/** `npm start`: read the configuration, start the server, print the ready line, stop on signals. */
import { ConfigError, loadConfig } from './config/config.ts';
import { DataDirError } from './config/data-dir.ts';
import { createLogger } from './log/logger.ts';
import { startServer } from './server.ts';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    return exitWith(error);
  }
  const logger = createLogger(config.logLevel);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config, { logger });
  } catch (error) {
    return exitWith(error);
  }
  process.stdout.write(`AnoGhost listening on ${server.url}\n`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function exitWith(error: unknown): void {
  if (error instanceof ConfigError || error instanceof DataDirError) {
    console.error(`AnoGhost cannot start: ${error.message}`);
  } else {
    console.error('AnoGhost cannot start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
}

void main();
