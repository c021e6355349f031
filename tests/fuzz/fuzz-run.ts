/**
 * One fuzz run against a running server: `concurrency` workers (fuzz-worker.ts) share one seeded
 * generator until `frames` frames are sent, while a healthy pair (healthy-pair.ts) chats and
 * `/v1/health` is polled. The report counts frames by category and phase, closes by code, and
 * every violation found.
 */
import { randomBytes } from 'node:crypto';
import { encodeB64u } from '../../shared/encoding.ts';
import { createTestKey, signInMessage } from '../support/test-wallet.ts';
import { type Category, FrameGenerator } from './frame-generator.ts';
import { FuzzStats } from './fuzz-stats.ts';
import { type FuzzTarget, FuzzWorker } from './fuzz-worker.ts';
import { type HealthyReport, startHealthyPairProcess } from './healthy-pair.ts';
import { Prng } from './prng.ts';

const HEALTH_EVERY_MS = 2000;
const HEALTH_TIMEOUT_MS = 10_000;
const HEALTHY_INTERVAL_MS = 50; // 20 messages/s each way, well under the default frame rate
const MIN_HEALTHY_MESSAGES = 20; // the pair keeps chatting after the frames until it sent this many
const SESSIONS_PER_ROOM = 4;

export interface FuzzRunOptions {
  target: FuzzTarget & { url: string };
  frames: number;
  seed: number;
  concurrency: number;
  /** The server keeps the default frame rate (rate_limited and 4408 expected). */
  defaultLimits: boolean;
  /** How often each category is drawn (frame-generator.ts CATEGORY_WEIGHTS by default). */
  weights?: Readonly<Record<Category, number>>;
  /** Whether the server process is still running. */
  alive?: () => boolean;
  /** Called every few seconds with the stats so far (progress lines). */
  onProgress?: (stats: FuzzStats) => void;
}

export interface FuzzReport {
  seed: number;
  stats: FuzzStats;
  healthy: HealthyReport;
  healthChecks: number;
  durationMs: number;
  /** Every wallet signed in during the run (to search the server's logs for). */
  wallets: ReadonlySet<string>;
}

export async function runFuzz(options: FuzzRunOptions): Promise<FuzzReport> {
  const started = performance.now();
  const stats = new FuzzStats();
  const violation = (what: string) => stats.violation(what);
  const prng = new Prng(options.seed ^ 0x5eed);
  const rooms = Array.from({ length: Math.ceil(options.concurrency / SESSIONS_PER_ROOM) }, () =>
    encodeB64u(prng.bytes(32)),
  );
  const credentials = Array.from({ length: options.concurrency }, () => {
    const wallet = createTestKey();
    const session = createTestKey();
    return { wallet, session, signed: signInMessage(wallet, session, { domain: options.target.domain }) };
  });
  const healthy = await startHealthyPairProcess(options.target, HEALTHY_INTERVAL_MS);
  const wallets = new Set([...credentials.map((c) => c.wallet.address), ...healthy.wallets]);
  const shared = {
    target: options.target,
    generator: new FrameGenerator(options.seed, options.weights),
    stats,
    wallets,
    rooms,
    defaultLimits: options.defaultLimits,
    remaining: options.frames,
  };

  let healthChecks = 0;
  const poll = setInterval(() => {
    if (options.alive && !options.alive()) violation('the server process exited');
    void checkHealth(options.target.url).then(
      () => {
        healthChecks += 1;
      },
      (error: unknown) => violation(`/v1/health failed: ${(error as Error).message}`),
    );
    options.onProgress?.(stats);
  }, HEALTH_EVERY_MS);
  try {
    await Promise.all(credentials.map((c, i) => new FuzzWorker(shared, c, rooms[i % rooms.length]!).run()));
  } finally {
    clearInterval(poll);
  }
  const { report: healthyReport, violations: healthyViolations } = await healthy.stop(MIN_HEALTHY_MESSAGES);
  for (const v of healthyViolations) violation(v);
  await checkHealth(options.target.url).then(
    () => {
      healthChecks += 1;
    },
    (error: unknown) => violation(`/v1/health failed at the end: ${(error as Error).message}`),
  );
  if (options.alive && !options.alive()) violation('the server process exited');
  return {
    seed: options.seed,
    stats,
    healthy: healthyReport,
    healthChecks,
    durationMs: Math.round(performance.now() - started),
    wallets,
  };
}

async function checkHealth(url: string): Promise<void> {
  const response = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
  const body = (await response.json()) as { ok?: boolean };
  if (response.status !== 200 || body.ok !== true) throw new Error(`status ${response.status}`);
}

/** A seed for a run that was not given one. */
export function randomSeed(): number {
  return randomBytes(4).readUInt32BE();
}
