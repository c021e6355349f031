/**
 * The server process of the chain-stall benchmark: a real AnoGhost server with its embedded chain
 * (temp data dir, silent logs, port 0), imported from the checkout in `CHAIN_STALL_ROOT` (this one
 * when unset), so the same benchmark measures another checkout's code as its baseline. It watches
 * its own event-loop delay, which is what a snapshot written on the event loop would show.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = process.env.CHAIN_STALL_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));
const load = (file: string) => import(pathToFileURL(join(root, file)).href);

async function main(): Promise<void> {
  const { loadConfig } = await load('server/config/config.ts');
  const { startServer } = await load('server/server.ts');
  const { createSilentLogger } = await load('server/log/logger.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-stall-'));
  const config = loadConfig({
    ANOGHOST_PORT: '0',
    ANOGHOST_DATA_DIR: dataDir,
    ANOGHOST_LOG_LEVEL: 'silent',
    ANOGHOST_FRAME_RATE: '1000',
  });
  const server = await startServer(config, { logger: createSilentLogger() });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  process.on('message', (message: { t: string }) => {
    if (message.t === 'reset') {
      loop.reset();
      process.send?.({ t: 'reset' });
    } else if (message.t === 'stats') {
      process.send?.({
        t: 'stats',
        loopMaxMs: loop.max / 1e6,
        loopP99Ms: loop.percentile(99) / 1e6,
        rssMiB: process.memoryUsage().rss / 2 ** 20,
      });
    } else if (message.t === 'stop') {
      void server.close().finally(() => {
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({
    t: 'ready',
    url: server.url,
    domain: server.domain,
    chainUrl: server.chainUrl,
    chainDir: join(dataDir, 'chain'),
  });
}

main().catch((error: unknown) => {
  process.send?.({ t: 'failed', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
