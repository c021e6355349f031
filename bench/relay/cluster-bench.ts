/**
 * Issue "Scale out" benchmark: relay deliveries/s and p50/p99 latency of the same load (100 rooms ×
 * 5 members, 1 KB ct) served by (a) one instance in memory, (b) one instance on Redis and (c) two
 * instances on one Redis, members of each room spread over both (so most deliveries cross Redis
 * pub/sub). One load generator, one redis-server it starts itself (tests/helpers/redis-server.ts); rounds interleave the setups and
 * figures are medians, as in relay-bench.ts. Every process shares the same cores: on a small
 * machine two instances compete with Redis and the generator for CPU, which the table shows.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startTestRedis } from '../../tests/support/redis-server.ts';
import { request, spawn, stop } from '../child-ipc.ts';
import { median, rotated } from '../stats.ts';
import type { Target } from './wire.ts';

const ROOMS = 100;
const MEMBERS = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_PER_MEMBER = 40;
const PER_MEMBER = 150;
const WINDOW = 8;
const LATENCY_LOAD = 0.5;
const SERVER_FILE = 'bench/relay/anoghost-server.ts';

interface Setup {
  name: string;
  instances: number;
  redis: boolean;
  throughput: number[];
  p50: number[];
  p99: number[];
  processes: ChildProcess[];
}

export interface ClusterBenchRow {
  setup: string;
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  rounds: { deliveriesPerSecond: number[]; p99Ms: number[] };
}

export async function runClusterBench(): Promise<{ latencySendsPerSecond: number; rows: ClusterBenchRow[] }> {
  // Under full load a subscriber can lag by more than Redis's default pub/sub output buffer (hard
  // limit 32 MB), and Redis then drops its connection; docs/scaling-out.md says to raise it.
  const redis = await startTestRedis(['--client-output-buffer-limit', 'pubsub 512mb 256mb 60']);
  const env = {
    ANOGHOST_REDIS_URL: redis.url,
    ANOGHOST_MASTER_KEY: randomBytes(32).toString('hex'),
    BENCH_NO_CHAIN: '1',
  };
  const setups: Setup[] = [
    { name: 'one instance, memory', instances: 1, redis: false },
    { name: 'one instance, redis', instances: 1, redis: true },
    { name: 'two instances, redis', instances: 2, redis: true },
  ].map((s) => ({ ...s, throughput: [], p50: [], p99: [], processes: [] }));
  const generator = spawn('bench/relay/load-generator.ts');
  try {
    for (const s of setups) {
      // Rooms of their own: the Redis-backed setups share one Redis, and the same room ids would
      // make them one room.
      const rooms = Array.from({ length: ROOMS }, () => randomBytes(32).toString('base64url'));
      const childEnv = s.redis ? env : { BENCH_NO_CHAIN: '1', ANOGHOST_REDIS_URL: '' };
      s.processes = Array.from({ length: s.instances }, () => spawn(SERVER_FILE, [], childEnv));
      const targets: Target[] = [];
      for (const p of s.processes) {
        const ready = await request(p, undefined, 'ready');
        targets.push({ kind: 'anoghost', url: String(ready.url), domain: String(ready.domain) });
      }
      const setup = { t: 'setup', set: s.name, target: targets[0], targets, rooms, members: MEMBERS };
      await request(generator, setup, 'ready');
      const warm = await request(
        generator,
        { t: 'throughput', set: s.name, perMember: WARMUP_PER_MEMBER, window: WINDOW, untilAll: true },
        'done',
      );
      if (process.env.BENCH_LOG) process.stderr.write(`warmup ${s.name}: ${JSON.stringify(warm)}\n`);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of rotated(setups, round)) {
        const r = await request(
          generator,
          { t: 'throughput', set: s.name, perMember: PER_MEMBER, window: WINDOW, untilAll: true },
          'done',
        );
        if (process.env.BENCH_LOG) process.stderr.write(`round ${s.name}: ${JSON.stringify(r)}\n`);
        if (!r.complete) throw new Error(`${s.name}: throughput round timed out`);
        s.throughput.push(Math.round(Number(r.deliveries) / (Number(r.ms) / 1000)));
      }
    }
    const slowest = Math.min(...setups.map((s) => median(s.throughput)));
    const sendsPerSecond = (LATENCY_LOAD * slowest) / (MEMBERS - 1);
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of rotated(setups, round)) {
        const command = { t: 'latency', set: s.name, sendsPerSecond, warmupMs: 500, measureMs: 3000 };
        const r = await request(generator, command, 'done');
        if (Number(r.lost) !== 0) throw new Error(`${s.name}: ${r.lost} deliveries missing`);
        s.p50.push(Number(Number(r.p50Ms).toFixed(2)));
        s.p99.push(Number(Number(r.p99Ms).toFixed(2)));
      }
    }
    return {
      latencySendsPerSecond: Math.round(sendsPerSecond),
      rows: setups.map((s) => ({
        setup: s.name,
        deliveriesPerSecond: median(s.throughput),
        p50Ms: median(s.p50),
        p99Ms: median(s.p99),
        rounds: { deliveriesPerSecond: s.throughput, p99Ms: s.p99 },
      })),
    };
  } finally {
    await stop(generator);
    await Promise.all(setups.flatMap((s) => s.processes.map(stop)));
    await redis.stop();
  }
}

export function printClusterTable(result: Awaited<ReturnType<typeof runClusterBench>>): void {
  const base = result.rows[0]!;
  console.table(
    result.rows.map((r) => ({
      setup: r.setup,
      'deliveries/s': r.deliveriesPerSecond,
      '× one in memory': Number((r.deliveriesPerSecond / base.deliveriesPerSecond).toFixed(2)),
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      'p99 × one in memory': Number((r.p99Ms / base.p99Ms).toFixed(2)),
    })),
  );
  console.log(
    `latency at ${result.latencySendsPerSecond} sends/s (${LATENCY_LOAD} × the slowest throughput)`,
  );
}
