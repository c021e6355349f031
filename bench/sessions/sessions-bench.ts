/**
 * Issue #2 benchmark: concurrent signed-in sessions on one instance. Memory per session above the
 * idle baseline, sign-ins per second, and the time to push a new ghost to every session at an epoch
 * boundary. The server and two load-generating clients run as separate processes.
 */
import { type ChildProcess, fork } from 'node:child_process';

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

type Msg = { t: string } & Record<string, unknown>;

function spawn(path: string, execArgv: string[], env: Record<string, string> = {}): ChildProcess {
  return fork(path, [], { execArgv: [...execArgv, '--import', 'tsx'], env: { ...process.env, ...env } });
}

function nextMessage(child: ChildProcess, t: string, timeoutMs = 120_000): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${t}`)), timeoutMs);
    const onMessage = (m: Msg) => {
      if (m.t === 'failed') reject(new Error(String(m.error)));
      if (m.t !== t) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m);
    };
    child.on('message', onMessage);
  });
}

async function memory(server: ChildProcess) {
  server.send({ t: 'memory' });
  return (await nextMessage(server, 'memory')) as Msg & { rss: number; heap: number; external: number };
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
  const { url, domain } = (await nextMessage(server, 'ready')) as Msg & { url: string; domain: string };
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

      const ghosts = clients.map((c) => nextMessage(c, 'ghosts', (EPOCH_SECONDS + 10) * 1000));
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
  server.send({ t: 'cpu' });
  return Number((await nextMessage(server, 'cpu')).us);
}

/** The first epoch push that reached all `sessions` (earlier boundaries may have caught fewer). */
async function nextPush(server: ChildProcess, sessions: number): Promise<Msg> {
  for (;;) {
    const push = await nextMessage(server, 'pushed', (EPOCH_SECONDS + 10) * 1000);
    if (Number(push.sessions) >= sessions) return push;
  }
}
