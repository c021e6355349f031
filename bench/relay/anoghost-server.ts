/**
 * The server under test: a real AnoGhost server (temp data dir, silent logger, frame rate limit
 * raised so the load is not rate-limited, port 0).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config/config.ts';
import { createSilentLogger } from '../../server/log/logger.ts';
import { startServer } from '../../server/server.ts';
import { serveOverIpc } from './server-ipc.ts';

const BENCH_FRAME_RATE = 1_000_000; // frames per second per session

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-relay-bench-'));
  const config = loadConfig({
    ANOGHOST_PORT: '0',
    ANOGHOST_DATA_DIR: dataDir,
    ANOGHOST_FRAME_RATE: String(BENCH_FRAME_RATE),
  });
  const server = await startServer(config, { logger: createSilentLogger() });
  serveOverIpc({
    url: server.url,
    domain: server.domain,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

void main();
