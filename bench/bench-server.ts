/**
 * The server under the soak and reconnect benchmarks, in its own process, started the way
 * `npm start` starts it: the configuration read from the environment (bench-server-launcher.ts puts
 * BENCH_SERVER_ENV there), embedded chain included. Answers IPC requests for its memory (after a
 * full GC: run with --expose-gc) and CPU time, and stops on request; a SIGKILL is a crash.
 */
import { loadConfig } from '../server/config/config.ts';
import { createLogger } from '../server/log/logger.ts';
import { startServer } from '../server/server.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const server = await startServer(config, { logger: createLogger(config.logLevel) });
  process.on('message', (message: { t: string }) => {
    if (message.t === 'memory') {
      const before = performance.now();
      global.gc?.();
      global.gc?.();
      const gcMs = performance.now() - before; // a pause every session sees
      const m = process.memoryUsage();
      process.send?.({
        t: 'memory',
        rss: m.rss,
        heap: m.heapUsed,
        external: m.external,
        ready: server.registry.readyCount,
        gcMs,
      });
    } else if (message.t === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ t: 'cpu', us: user + system });
    } else if (message.t === 'stop') {
      void server.close().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ t: 'ready', url: server.url, domain: server.domain, port: server.port });
}

main().catch((error: unknown) => {
  process.send?.({ t: 'failed', error: String(error) });
  process.exit(1);
});
