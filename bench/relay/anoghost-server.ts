/**
 * The server under test: a real AnoGhost server (temp data dir, silent logger, frame rate limit and
 * per-address caps raised so the load from one address is not limited, port 0).
 * `ANOGHOST_REDIS_URL` and `ANOGHOST_MASTER_KEY` pass through, so the scale-out benchmark runs
 * instances of one Redis-backed service; `BENCH_NO_CHAIN=1` skips the embedded chain.
 */
import { pino } from 'pino';
import { createLogger, createSilentLogger } from '../../server/log/logger.ts';
import { ONE_ADDRESS_LOAD_ENV, startTestServer } from '../../tests/support/test-server.ts';
import { serveOverIpc } from './server-ipc.ts';

const BENCH_FRAME_RATE = 1_000_000; // frames per second per session

async function main(): Promise<void> {
  const server = await startTestServer(
    {
      ...ONE_ADDRESS_LOAD_ENV, // every load connection comes from 127.0.0.1
      ANOGHOST_FRAME_RATE: String(BENCH_FRAME_RATE),
      // Unset or empty alike leave the variable unset.
      ANOGHOST_REDIS_URL: process.env.ANOGHOST_REDIS_URL ?? '',
      ANOGHOST_MASTER_KEY: process.env.ANOGHOST_MASTER_KEY ?? '',
    },
    {
      logger: process.env.BENCH_LOG ? createLogger('info', pino.destination(2)) : createSilentLogger(),
      paidChats: process.env.BENCH_NO_CHAIN ? false : undefined,
    },
  );
  serveOverIpc({ url: server.url, domain: server.domain, close: () => server.stop() });
}

void main();
