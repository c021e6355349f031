/**
 * Starts bench-server.ts as a child with the benchmarks' server settings, all in one place:
 * BENCH_SERVER_ENV lifts the limits that would only measure the benchmark against itself (every
 * benchmark client is 127.0.0.1, and one client process holds thousands of sessions).
 */
import type { ChildProcess } from 'node:child_process';
import { ONE_ADDRESS_LOAD_ENV } from '../tests/support/test-server.ts';
import { type Reply, request, spawn, stop } from './child-ipc.ts';

/**
 * The server settings of the soak and reconnect benchmarks. The per-address caps on connections
 * and sign-ins (issue #10) are raised far above the session counts these benchmarks open from
 * 127.0.0.1; with the default per-address sign-in rate the reconnect storm would be throttled,
 * which is that cap's point (real users come from many addresses). The global cap, drawn from
 * `ulimit -n`, still applies (19,744 WebSockets at 20,000).
 */
export const BENCH_SERVER_ENV: Readonly<Record<string, string>> = {
  ...ONE_ADDRESS_LOAD_ENV,
  ANOGHOST_FRAME_RATE: '100000', // per session: the benchmark's own traffic is not abuse
  ANOGHOST_LOG_LEVEL: 'warn',
};

export interface BenchServer {
  child: ChildProcess;
  url: string;
  domain: string;
  port: number;
  memory(): Promise<{ rss: number; heap: number; external: number; ready: number; gcMs: number }>;
  cpuUs(): Promise<number>;
  /** SIGKILL, as a crash: resolves once the process is gone. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function launchBenchServer(options: { dataDir: string; port?: number }): Promise<BenchServer> {
  const child = spawn('bench/bench-server.ts', ['--expose-gc'], {
    ...BENCH_SERVER_ENV,
    ANOGHOST_DATA_DIR: options.dataDir,
    ANOGHOST_PORT: String(options.port ?? 0),
  });
  const ready = (await request(child, undefined, 'ready')) as Reply & {
    url: string;
    domain: string;
    port: number;
  };
  return {
    child,
    url: ready.url,
    domain: ready.domain,
    port: ready.port,
    memory: async () => {
      const m = await request(child, { t: 'memory' }, 'memory');
      return {
        rss: Number(m.rss),
        heap: Number(m.heap),
        external: Number(m.external),
        ready: Number(m.ready),
        gcMs: Number(m.gcMs),
      };
    },
    cpuUs: async () => Number((await request(child, { t: 'cpu' }, 'cpu')).us),
    kill: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
    stop: () => stop(child),
  };
}
