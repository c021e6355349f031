/**
 * Issue #10 benchmark, the reconnect storm: 10,000 signed-in sessions of the client library hold
 * their credentials; the server is killed (SIGKILL) and started again on the same port and data
 * dir; how long until every session is signed in again with its stored credentials, and how many
 * wallet prompts that took (must be none). Server and storm clients share the machine's cores.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchServer, launchBenchServer } from '../bench-server-launcher.ts';
import { type Reply, request, spawn } from '../child-ipc.ts';
import { readMachineLimits } from '../machine-limits.ts';

const CLIENT_PROCESSES = 2;
const CONNECT_CONCURRENCY = 100; // per client process, for the first sign-ins
const SETTLE_MS = 2000;
const STORM_TIMEOUT_MS = 300_000;

export interface ReconnectResult {
  sessions: number;
  /** The same-run baseline: all sessions' first sign-ins, 100 at a time per client, no backoff. */
  firstSignInMs: number;
  /** Kill to the restarted server's ready message. */
  restartMs: number;
  /** Kill to the last session signed in again. */
  allBackMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Sessions signed in again per second, from the restart to the last one. */
  signInsPerSecond: number;
  /** Reconnect attempts (backoff steps) per session, median and most. */
  attemptsP50: number;
  attemptsMax: number;
  walletCallsFirstSignIn: number;
  walletCallsInStorm: number;
  unauthorized: number;
  missing: number;
}

export async function runReconnectBench(options: { sessions?: number } = {}): Promise<ReconnectResult> {
  const sessions = Math.min(options.sessions ?? 10_000, readMachineLimits().maxSessions);
  const per = Math.ceil(sessions / CLIENT_PROCESSES);
  const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-storm-'));
  const port = await freePort();
  let server: BenchServer = await launchBenchServer({ dataDir, port });
  const clients = Array.from({ length: CLIENT_PROCESSES }, () => spawn('bench/storm/storm-client.ts'));
  try {
    const started = await Promise.all(
      clients.map((c) =>
        request(
          c,
          { t: 'start', serverUrl: server.url, count: per, concurrency: CONNECT_CONCURRENCY },
          'started',
        ),
      ),
    );
    const walletCallsFirstSignIn = sum(started.map((m) => Number(m.walletCalls)));
    await new Promise((r) => setTimeout(r, SETTLE_MS));

    const killedAt = Date.now();
    for (const c of clients) c.send({ t: 'watch', since: killedAt });
    const back = clients.map((c) => waitReconnected(c));
    await server.kill();
    server = await launchBenchServer({ dataDir, port });
    const restartMs = Date.now() - killedAt;
    const reports = await Promise.all(back);
    const times = reports.flatMap((r) => (r.times as number[]).filter((t) => t > 0)).sort((a, b) => a - b);
    const allBackMs = times.at(-1) ?? Number.NaN;
    const attempts = reports.flatMap((r) => r.attempts as number[]).sort((a, b) => a - b);
    return {
      sessions: per * CLIENT_PROCESSES,
      firstSignInMs: Math.round(Math.max(...started.map((m) => Number(m.ms)))),
      restartMs,
      allBackMs,
      p50Ms: quantile(times, 0.5),
      p99Ms: quantile(times, 0.99),
      signInsPerSecond: Math.round(times.length / ((allBackMs - restartMs) / 1000)),
      attemptsP50: quantile(attempts, 0.5),
      attemptsMax: attempts.at(-1) ?? 0,
      walletCallsFirstSignIn,
      walletCallsInStorm: sum(reports.map((r) => Number(r.walletCalls))) - walletCallsFirstSignIn,
      unauthorized: sum(reports.map((r) => Number(r.unauthorized))),
      missing: per * CLIENT_PROCESSES - times.length,
    };
  } finally {
    for (const c of clients) c.send({ t: 'exit' });
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The client's report once all its sessions are back, or where it stands at the timeout. */
function waitReconnected(client: ChildProcess): Promise<Reply> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => client.send({ t: 'status' }), STORM_TIMEOUT_MS);
    const onMessage = (m: Reply) => {
      if (m.t !== 'reconnected') return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve(m);
    };
    client.on('message', onMessage);
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function printReconnectTable(result: ReconnectResult): void {
  console.table([result]);
  console.log(
    `all ${result.sessions - result.missing} of ${result.sessions} sessions signed in again ${(result.allBackMs / 1000).toFixed(1)} s ` +
      `after the kill (server ready again at ${(result.restartMs / 1000).toFixed(1)} s; p50 ${(result.p50Ms / 1000).toFixed(1)} s, ` +
      `p99 ${(result.p99Ms / 1000).toFixed(1)} s), with ${result.walletCallsInStorm} wallet prompts; ` +
      `the first sign-in of all took ${(result.firstSignInMs / 1000).toFixed(1)} s`,
  );
}
