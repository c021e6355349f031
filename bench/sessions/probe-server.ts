/**
 * The server under benchmark, in its own process: a real server on port 0 that answers the
 * parent's IPC requests for memory readings (after a full GC) and reports epoch pushes.
 */
import { createSilentLogger } from '../../server/log/logger.ts';
import { ONE_ADDRESS_LOAD_ENV, startTestServer } from '../../tests/support/test-server.ts';

async function main(): Promise<void> {
  const server = await startTestServer(
    {
      ...ONE_ADDRESS_LOAD_ENV, // 19,500 sessions from 127.0.0.1; the global cap still applies
      ANOGHOST_EPOCH_SECONDS: process.env.BENCH_EPOCH_SECONDS ?? '10',
      ANOGHOST_FRAME_RATE: '100000',
    },
    {
      logger: createSilentLogger(),
      onGhostsPushed: (sessions, ms) => process.send?.({ t: 'pushed', sessions, ms }),
    },
  );
  process.on('message', (message: { t: string }) => {
    if (message.t === 'memory') {
      global.gc?.();
      global.gc?.();
      const m = process.memoryUsage();
      process.send?.({
        t: 'memory',
        rss: m.rss,
        heap: m.heapUsed,
        external: m.external,
        ready: server.registry.readyCount,
      });
    } else if (message.t === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ t: 'cpu', us: user + system });
    } else if (message.t === 'stop') {
      void server.stop().then(() => process.exit(0));
    }
  });
  process.send?.({ t: 'ready', url: server.url, domain: server.domain });
}

void main();
