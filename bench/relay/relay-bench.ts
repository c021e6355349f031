/**
 * Issue "Rooms and end-to-end encrypted group messaging" benchmark: relay deliveries/s and p50/p99
 * latency of AnoGhost against (a) a raw `ws` room broadcast and (b) a Socket.IO room broadcast, in
 * one run on one machine with one load generator: 100 rooms × 5 members, 1 KB ct. Each server and
 * the generator run in their own processes; the generator holds a connection set per server and
 * drives one server at a time, the others idle.
 *
 * Rounds interleave the servers (order rotated each round) so that a noisy neighbour on the machine
 * hits all three alike; each figure is the median over rounds. Throughput rounds come first (after
 * one warm-up per server), then latency rounds at one offered rate for all three: half the slowest
 * server's median throughput (half of raw `ws`'s would saturate Socket.IO, which then measures its
 * queue, not its latency). `BENCH_PROFILE=1` writes a V8 CPU profile per server to bench/results/profiles/.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type Reply, request, spawn, stop } from '../child-ipc.ts';
import { median, rotated } from '../stats.ts';
import { CT_CHARS } from './payload.ts';
import type { ServerKind } from './wire.ts';

const ROOMS = 100;
const MEMBERS = 5;
const ROUNDS = 3;
const WARMUP_PER_MEMBER = 40; // messages each member sends once before the throughput rounds
const PER_MEMBER = 150; // messages each member sends in one throughput round
const WINDOW = 8; // messages per member not yet seen by its designated receiver
const LATENCY_LOAD = 0.5; // offered rate as a share of the slowest server's throughput
const LATENCY_WARMUP_MS = 500;
const LATENCY_MEASURE_MS = 3_000;
const PROFILE_DIR = 'bench/results/profiles';

const SERVERS: ReadonlyArray<{ kind: ServerKind; name: string; file: string }> = [
  { kind: 'ws', name: 'raw ws', file: 'bench/relay/ws-server.ts' },
  { kind: 'socket.io', name: 'Socket.IO', file: 'bench/relay/socketio-server.ts' },
  { kind: 'anoghost', name: 'AnoGhost', file: 'bench/relay/anoghost-server.ts' },
];

export interface RelayServerResult {
  server: string;
  /** Median over rounds; `rounds` has every round's figure. */
  deliveriesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the server process per wall second in throughput rounds (1 = one core). */
  serverCpu: number;
  /** Server CPU time per delivery in throughput rounds: the figure least moved by other load. */
  serverUsPerDelivery: number;
  /** The same for the load generator. */
  generatorCpu: number;
  rounds: { deliveriesPerSecond: number[]; p50Ms: number[]; p99Ms: number[] };
}

export interface RelayBenchResult {
  load: {
    rooms: number;
    members: number;
    ctChars: number;
    perMember: number;
    window: number;
    rounds: number;
  };
  /** Sends per second offered in the latency rounds (each is delivered to members − 1). */
  latencySendsPerSecond: number;
  servers: RelayServerResult[];
  /** AnoGhost ÷ raw ws and AnoGhost ÷ Socket.IO. */
  ratios: { vsWs: Ratio; vsSocketIo: Ratio };
  /** Aim: ≥ 0.9 × raw ws deliveries/s and ≤ 1.2 × its p99. */
  aimMet: boolean;
}

interface Ratio {
  deliveries: number;
  p99: number;
}

interface Running {
  spec: (typeof SERVERS)[number];
  process: ChildProcess;
  ready: Promise<Reply>;
  throughput: Array<{
    deliveriesPerSecond: number;
    serverCpu: number;
    serverUsPerDelivery: number;
    generatorCpu: number;
  }>;
  latency: Array<{ p50Ms: number; p99Ms: number }>;
}

/** Server CPU time (µs) and use (cores) over what `measure` takes. */
async function withServerCpu<T>(server: ChildProcess, measure: () => Promise<T>) {
  const before = await request(server, { t: 'cpu' }, 'cpu');
  const result = await measure();
  const after = await request(server, { t: 'cpu' }, 'cpu');
  const us = Number(after.us) - Number(before.us);
  return { result, us, cores: us / 1000 / (Number(after.at) - Number(before.at)) };
}

async function throughputRound(generator: ChildProcess, s: Running): Promise<void> {
  const command = { t: 'throughput', set: s.spec.kind, perMember: PER_MEMBER, window: WINDOW };
  const { result: r, us, cores } = await withServerCpu(s.process, () => request(generator, command, 'done'));
  if (!r.complete) throw new Error(`${s.spec.name}: throughput round timed out`);
  s.throughput.push({
    deliveriesPerSecond: Number(r.deliveries) / (Number(r.ms) / 1000),
    serverCpu: cores,
    serverUsPerDelivery: us / Number(r.deliveries),
    generatorCpu: Number(r.cpu),
  });
}

async function latencyRound(generator: ChildProcess, s: Running, sendsPerSecond: number): Promise<void> {
  const command = {
    t: 'latency',
    set: s.spec.kind,
    sendsPerSecond,
    warmupMs: LATENCY_WARMUP_MS,
    measureMs: LATENCY_MEASURE_MS,
  };
  const r = await request(generator, command, 'done');
  if (Number(r.lost) !== 0) throw new Error(`${s.spec.name}: ${r.lost} deliveries missing after the drain`);
  s.latency.push({ p50Ms: Number(r.p50Ms), p99Ms: Number(r.p99Ms) });
}

/** Runs the three servers under the same load, interleaved in rounds. */
export async function runRelayBench(): Promise<RelayBenchResult> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const running: Running[] = SERVERS.map((spec) => {
    const child = spawn(spec.file, profile);
    return { spec, process: child, ready: request(child, undefined, 'ready'), throughput: [], latency: [] };
  });
  const generator = spawn('bench/relay/load-generator.ts');
  try {
    const rooms = Array.from({ length: ROOMS }, () => randomBytes(32).toString('base64url'));
    for (const s of running) {
      const ready = await s.ready;
      const target = { kind: s.spec.kind, url: ready.url, domain: ready.domain };
      await request(generator, { t: 'setup', set: s.spec.kind, target, rooms, members: MEMBERS }, 'ready');
      const warmup = { t: 'throughput', set: s.spec.kind, perMember: WARMUP_PER_MEMBER, window: WINDOW };
      await request(generator, warmup, 'done');
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of rotated(running, round)) await throughputRound(generator, s);
    }
    // Below saturation for all three: a share of the slowest server's throughput, not raw ws's.
    const slowest = Math.min(...running.map((s) => median(s.throughput.map((t) => t.deliveriesPerSecond))));
    const sendsPerSecond = (LATENCY_LOAD * slowest) / (MEMBERS - 1);
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of rotated(running, round)) await latencyRound(generator, s, sendsPerSecond);
    }
    return summarize(running, sendsPerSecond);
  } finally {
    await stop(generator);
    await Promise.all(running.map((s) => stop(s.process)));
  }
}

function summarize(running: Running[], sendsPerSecond: number): RelayBenchResult {
  const servers = running.map(({ spec, throughput, latency }): RelayServerResult => {
    const rounds = {
      deliveriesPerSecond: throughput.map((t) => Math.round(t.deliveriesPerSecond)),
      p50Ms: latency.map((l) => round(l.p50Ms, 2)),
      p99Ms: latency.map((l) => round(l.p99Ms, 2)),
    };
    return {
      server: spec.name,
      deliveriesPerSecond: median(rounds.deliveriesPerSecond),
      p50Ms: median(rounds.p50Ms),
      p99Ms: median(rounds.p99Ms),
      serverCpu: round(median(throughput.map((t) => t.serverCpu)), 2),
      serverUsPerDelivery: round(median(throughput.map((t) => t.serverUsPerDelivery)), 2),
      generatorCpu: round(median(throughput.map((t) => t.generatorCpu)), 2),
      rounds,
    };
  });
  const [ws, sio, ano] = servers as [RelayServerResult, RelayServerResult, RelayServerResult];
  const ratio = (a: RelayServerResult, b: RelayServerResult): Ratio => ({
    deliveries: round(a.deliveriesPerSecond / b.deliveriesPerSecond, 2),
    p99: round(a.p99Ms / b.p99Ms, 2),
  });
  const vsWs = ratio(ano, ws);
  return {
    load: {
      rooms: ROOMS,
      members: MEMBERS,
      ctChars: CT_CHARS,
      perMember: PER_MEMBER,
      window: WINDOW,
      rounds: ROUNDS,
    },
    latencySendsPerSecond: Math.round(sendsPerSecond),
    servers,
    ratios: { vsWs, vsSocketIo: ratio(ano, sio) },
    aimMet: vsWs.deliveries >= 0.9 && vsWs.p99 <= 1.2,
  };
}

/** Prints the side-by-side table, with each server's ratios to raw ws and to Socket.IO. */
export function printRelayTable(result: RelayBenchResult): void {
  const [ws, sio] = result.servers as [RelayServerResult, RelayServerResult];
  console.table(
    result.servers.map((s) => ({
      server: s.server,
      'deliveries/s': s.deliveriesPerSecond,
      '× raw ws': round(s.deliveriesPerSecond / ws.deliveriesPerSecond, 2),
      '× Socket.IO': round(s.deliveriesPerSecond / sio.deliveriesPerSecond, 2),
      'p50 ms': s.p50Ms,
      'p99 ms': s.p99Ms,
      'p99 × raw ws': round(s.p99Ms / ws.p99Ms, 2),
      'p99 × Socket.IO': round(s.p99Ms / sio.p99Ms, 2),
      'server cpu': s.serverCpu,
      'server µs/delivery': s.serverUsPerDelivery,
      'generator cpu': s.generatorCpu,
    })),
  );
  const { vsWs } = result.ratios;
  console.log(
    `latency at ${result.latencySendsPerSecond} sends/s (${LATENCY_LOAD} × the slowest throughput); ` +
      `medians of ${result.load.rounds} interleaved rounds. Aim (≥ 0.9 × raw ws deliveries/s, ≤ 1.2 × its p99): ` +
      `${result.aimMet ? 'met' : 'missed'} (${vsWs.deliveries} ×, p99 ${vsWs.p99} ×)`,
  );
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
