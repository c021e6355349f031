/**
 * Starts a real server on port 0, with the dev airdrop on, and captures its logs for inspection. Its
 * data dir is a fresh one removed on stop, unless `env.ANOGHOST_DATA_DIR` names one (a restart
 * test): that one is kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../server/config/config.ts';
import { createLogger } from '../../server/log/logger.ts';
import { type RunningServer, type ServerOptions, startServer } from '../../server/server.ts';
import { sessionSocketUrl } from '../../shared/protocol/endpoints.ts';

/**
 * Per-address caps raised out of the way, for loads that open hundreds or thousands of sockets
 * from 127.0.0.1 (benchmarks, the 257-member room test): one address then stands for many clients.
 */
export const ONE_ADDRESS_LOAD_ENV = {
  ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '1000000',
  ANOGHOST_MAX_PENDING_PER_ADDRESS: '1000000',
  ANOGHOST_SIGN_IN_RATE: '1000000',
} as const;

export interface TestServer extends RunningServer {
  wsUrl: string;
  logs: string[];
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestServer(
  env: Record<string, string> = {},
  options: Partial<ServerOptions> = {},
): Promise<TestServer> {
  const given = env.ANOGHOST_DATA_DIR;
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'anoghost-test-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({
    ANOGHOST_PORT: '0',
    ANOGHOST_DATA_DIR: dataDir,
    ANOGHOST_LOG_LEVEL: 'debug',
    ANOGHOST_DEV_AIRDROP: '1', // tests fund their wallets (test-payments.ts); `'0'` turns it off
    ...env,
  });
  const server = await startServer(config, { logger: createLogger('debug', sink), ...options });
  return {
    ...server,
    wsUrl: sessionSocketUrl(server.url),
    logs,
    dataDir,
    async stop() {
      await server.close();
      if (!given) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
