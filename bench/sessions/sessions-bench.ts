/**
 * Issue #2 benchmark: concurrent signed-in sessions on one instance. Memory per session above the
 * idle baseline, sign-ins per second, and the time to push a new ghost to every session at an epoch
 * boundary. The server and two load-generating clients run as separate processes.
 */
import type { ChildProcess } from 'node:child_process';
import { type Reply, request, spawn } from '../child-ipc.ts';

const EPOCH_SECONDS = 10;
const CLIENT_PROCESSES = 2;
const CONCURRENCY_PER_CLIENT = 100;

export interface SessionsResult {
  sessions: number;
  signInsPerSecond: number;
  /** Server CPU (all threads) per sign-in, µs: its capacity apart from the load generator's. */
  serverCpuPerSignInUs: number;
  rssPerSessionBytes: number;
  heapPerSessionBytes: number;
  pushServerMs: number;
  pushEndToEndMs: number;
}

/** The next IPC message of type `t` from a benchmark child. */
function nextMessage(child: ChildProcess, t: string): Promise<Reply> {
  return request(child, undefined, t);
}

async function memory(server: ChildProcess) {
  return (await request(server, { t: 'memory' }, 'memory')) as Reply & {
    rss: number;
    heap: number;
    external: number;
  };
}

/** Runs the sessions benchmark for each session count (bounded by the process fd limit). */
export async function runSessionsBench(counts = [1000, 5000, 19_500]): Promise<SessionsResult[]> {
  const server = spawn(
    'bench/sessions/probe-server.ts',
    ['--expose-gc', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [])],
    {
      BENCH_EPOCH_SECONDS: String(EPOCH_SECONDS),
    },
  );
  const { url, domain } = (await nextMessage(server, 'ready')) as Reply & { url: string; domain: string };
  const wsUrl = `${url.replace('http', 'ws')}/v1/ws`;
  const clients = Array.from({ length: CLIENT_PROCESSES }, () => spawn('bench/sessions/load-client.ts', []));
  const results: SessionsResult[] = [];
  try {
    await new Promise((r) => setTimeout(r, 500));
    const base = await memory(server);
    for (const count of counts) {
      const per = Math.ceil(count / CLIENT_PROCESSES);
      const cpuBefore = await cpuTime(server);
      const started = clients.map((c) => nextMessage(c, 'started'));
      for (const c of clients)
        c.send({ t: 'start', wsUrl, domain, count: per, concurrency: CONCURRENCY_PER_CLIENT });
      const times = await Promise.all(started);
      const signInMs = Math.max(...times.map((m) => Number(m.ms)));
      const total = per * CLIENT_PROCESSES;
      const signInCpuUs = (await cpuTime(server)) - cpuBefore;
      await new Promise((r) => setTimeout(r, 300));
      const mem = await memory(server);

      const ghosts = clients.map((c) => nextMessage(c, 'ghosts'));
      const pushed = nextPush(server, total);
      for (const c of clients) c.send({ t: 'watch' });
      const [push, ...arrivals] = await Promise.all([pushed, ...ghosts]);
      const lastArrival = Math.max(...arrivals.map((m) => Number(m.at)));
      const boundary = Math.floor(lastArrival / (EPOCH_SECONDS * 1000)) * EPOCH_SECONDS * 1000;

      results.push({
        sessions: total,
        signInsPerSecond: Math.round(total / (signInMs / 1000)),
        serverCpuPerSignInUs: Math.round(signInCpuUs / total),
        rssPerSessionBytes: Math.round((mem.rss - base.rss) / total),
        heapPerSessionBytes: Math.round((mem.heap + mem.external - base.heap - base.external) / total),
        pushServerMs: Math.round(Number(push.ms)),
        pushEndToEndMs: lastArrival - boundary,
      });
      const closed = clients.map((c) => nextMessage(c, 'closed'));
      for (const c of clients) c.send({ t: 'close' });
      await Promise.all(closed);
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    for (const c of clients) c.send({ t: 'exit' });
    server.send({ t: 'stop' });
  }
  return results;
}

async function cpuTime(server: ChildProcess): Promise<number> {
  return Number((await request(server, { t: 'cpu' }, 'cpu')).us);
}

/** The first epoch push that reached all `sessions` (earlier boundaries may have caught fewer). */
async function nextPush(server: ChildProcess, sessions: number): Promise<Reply> {
  for (;;) {
    const push = await nextMessage(server, 'pushed');
    if (Number(push.sessions) >= sessions) return push;
  }
}
