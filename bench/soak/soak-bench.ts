/**
 * Issue #10 benchmark, the soak: the most sessions this machine allows one server (machine-limits.ts:
 * 19,500 under the 20,000-descriptor limit here), signed in, in rooms of five, with steady traffic
 * (a few hundred `send`s a second across the rooms, a `ping` from every session every 20 s as the
 * client library does) for `minutes` minutes. The server's RSS and heap (after a full GC) are read
 * every minute; after the warm-up (the first two minutes) they must stay within 5 % of each other.
 * The server and the two load processes share the machine's cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchServer, launchBenchServer } from '../bench-server-launcher.ts';
import { type Reply, request, spawn } from '../child-ipc.ts';
import { readMachineLimits } from '../machine-limits.ts';

const CLIENT_PROCESSES = 2;
const CONNECT_CONCURRENCY = 100; // per client process
const ROOM_SIZE = 5;
const PING_INTERVAL_MS = 20_000; // shared/client DEFAULT_PING_INTERVAL_MS
const MINUTE_MS = 60_000;
const FIRST_SAMPLE_MS = 10_000;
export const WARMUP_MINUTES = 2;
export const FLAT_WITHIN = 0.05;

export interface SoakOptions {
  minutes?: number;
  sessions?: number;
  messagesPerSecond?: number;
}

export interface SoakMinute {
  minute: number;
  rssMiB: number;
  heapMiB: number;
  externalMiB: number;
  /** The full GC before the memory reading: a pause in the traffic, seen in that minute's max. */
  gcMs: number;
  sessions: number;
  sendsPerSecond: number;
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  closes: number;
}

export interface SoakResult {
  sessions: number;
  openFileLimit: number;
  messagesPerSecond: number;
  signInSeconds: number;
  minutes: SoakMinute[];
  /** (max − min) / min over the minutes after the warm-up. */
  rssSpread: number;
  heapSpread: number;
  /** `undefined` when the run is too short to have two minutes after the warm-up. */
  flat: boolean | undefined;
  sent: number;
  delivered: number;
  /** Deliveries expected (each send reaches the other four members) but not seen. */
  lost: number;
  errors: number;
  closes: number;
}

export async function runSoakBench(options: SoakOptions = {}): Promise<SoakResult> {
  const limits = readMachineLimits();
  const minutes = options.minutes ?? 10;
  const messagesPerSecond = options.messagesPerSecond ?? 300;
  const wanted = Math.min(options.sessions ?? limits.maxSessions, limits.maxSessions);
  const per = Math.floor(wanted / CLIENT_PROCESSES / ROOM_SIZE) * ROOM_SIZE;
  const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-soak-'));
  const server: BenchServer = await launchBenchServer({ dataDir });
  const wsUrl = `${server.url.replace('http', 'ws')}/v1/ws`;
  const clients = Array.from({ length: CLIENT_PROCESSES }, () => spawn('bench/soak/soak-client.ts'));
  try {
    const started = await Promise.all(
      clients.map((c) =>
        request(
          c,
          {
            t: 'start',
            wsUrl,
            domain: server.domain,
            sessions: per,
            roomSize: ROOM_SIZE,
            concurrency: CONNECT_CONCURRENCY,
          },
          'started',
        ),
      ),
    );
    const signInSeconds = Math.max(...started.map((m) => Number(m.ms))) / 1000;
    for (const c of clients) {
      c.send({
        t: 'traffic',
        messagesPerSecond: messagesPerSecond / CLIENT_PROCESSES,
        pingIntervalMs: PING_INTERVAL_MS,
      });
    }
    const samples: SoakMinute[] = [];
    let windowStart = performance.now();
    await Promise.all(clients.map((c) => request(c, { t: 'stats' }, 'stats'))); // start the first window
    for (let minute = 0; minute <= minutes; minute++) {
      // Minute 0 is read FIRST_SAMPLE_MS into the traffic, each later one a minute after the last.
      const windowMs = minute === 0 ? FIRST_SAMPLE_MS : MINUTE_MS;
      await new Promise((r) => setTimeout(r, windowMs - (performance.now() - windowStart)));
      const figures = await Promise.all(clients.map((c) => request(c, { t: 'stats' }, 'stats')));
      const seconds = (performance.now() - windowStart) / 1000;
      windowStart = performance.now();
      const memory = await server.memory();
      samples.push(minuteOf(minute, memory, figures, seconds));
      printMinute(samples.at(-1)!);
    }
    await Promise.all(clients.map((c) => request(c, { t: 'quiet' }, 'quiet')));
    await new Promise((r) => setTimeout(r, 2000)); // the last sends arrive
    const totals = (await Promise.all(clients.map((c) => request(c, { t: 'stats' }, 'stats')))).map(
      (m) => m.total as { sent: number; delivered: number; errors: number; closes: number },
    );
    const after = samples.filter((s) => s.minute >= WARMUP_MINUTES);
    const rssSpread = spread(after.map((s) => s.rssMiB));
    const heapSpread = spread(after.map((s) => s.heapMiB));
    const sent = sum(totals.map((t) => t.sent));
    const delivered = sum(totals.map((t) => t.delivered));
    return {
      sessions: per * CLIENT_PROCESSES,
      openFileLimit: limits.openFiles,
      messagesPerSecond,
      signInSeconds: Math.round(signInSeconds * 10) / 10,
      minutes: samples,
      rssSpread,
      heapSpread,
      flat: after.length < 2 ? undefined : rssSpread <= FLAT_WITHIN && heapSpread <= FLAT_WITHIN,
      sent,
      delivered,
      lost: sent * (ROOM_SIZE - 1) - delivered,
      errors: sum(totals.map((t) => t.errors)),
      closes: sum(totals.map((t) => t.closes)),
    };
  } finally {
    for (const c of clients) c.send({ t: 'exit' });
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function minuteOf(
  minute: number,
  memory: { rss: number; heap: number; external: number; ready: number; gcMs: number },
  figures: Reply[],
  seconds: number,
): SoakMinute {
  const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const ms = (value: number) => Math.round(value * 10) / 10;
  return {
    minute,
    rssMiB: mib(memory.rss),
    heapMiB: mib(memory.heap),
    externalMiB: mib(memory.external),
    gcMs: Math.round(memory.gcMs),
    sessions: memory.ready,
    sendsPerSecond: Math.round(sum(figures.map((f) => Number(f.sent))) / seconds),
    deliveriesPerSecond: Math.round(sum(figures.map((f) => Number(f.delivered))) / seconds),
    p50Ms: ms(Math.max(...figures.map((f) => Number(f.p50Ms)))),
    p99Ms: ms(Math.max(...figures.map((f) => Number(f.p99Ms)))),
    maxMs: ms(Math.max(...figures.map((f) => Number(f.maxMs)))),
    errors: sum(figures.map((f) => Number(f.errors))),
    closes: sum(figures.map((f) => Number(f.closes))),
  };
}

function printMinute(m: SoakMinute): void {
  console.log(
    `  minute ${m.minute}: RSS ${m.rssMiB} MiB, heap ${m.heapMiB} MiB, ${m.sessions} sessions, ` +
      `${m.deliveriesPerSecond} deliveries/s, p99 ${m.p99Ms} ms`,
  );
}

/** (max − min) / min; 0 for fewer than two values. */
export function spread(values: number[]): number {
  if (values.length < 2) return 0;
  const min = Math.min(...values);
  return (Math.max(...values) - min) / min;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The per-minute table and the verdict. */
export function printSoakTable(result: SoakResult): void {
  console.table(result.minutes);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const last = result.minutes.at(-1)?.minute ?? 0;
  const verdict = result.flat === undefined ? 'too short to tell' : result.flat ? 'flat' : 'NOT flat';
  console.log(
    `after the warm-up (minutes ${WARMUP_MINUTES}–${last}): RSS spread ${pct(result.rssSpread)}, ` +
      `heap spread ${pct(result.heapSpread)}: ${verdict} within ${pct(FLAT_WITHIN)}`,
  );
  console.log(
    `${result.sent} sends, ${result.delivered} deliveries, ${result.lost} lost, ${result.errors} errors, ` +
      `${result.closes} sessions closed; sign-in of all sessions took ${result.signInSeconds} s`,
  );
}
