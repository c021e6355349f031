/**
 * Issue #10 benchmark, "chain size never stalls message relay": the embedded chain grows by
 * `CHAIN_STALL_AIRDROPS` airdrops (default 30,000, the red team's run: a 36.8 MiB snapshot)
 * through its own JSON-RPC `requestAirdrop`, while a healthy pair of signed-in sessions in one room
 * exchanges a message every 25 ms through the same server. Reported per run: snapshots written
 * during it and the last one's size, the pair's message latency (p50, p99, worst), and the server's
 * worst event-loop delay.
 *
 * Runs, each in a fresh server process: `idle` (no growth: the same-run baseline of the latency),
 * `grow` on this checkout, and, with `CHAIN_STALL_BASELINE=<another checkout>` (e.g. a worktree of
 * the code before snapshots left the event loop), `grow` on that code, right before this one's.
 */
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { getBase58Decoder } from '@solana/kit';
import { sessionSocketUrl } from '../../shared/protocol/endpoints.ts';
import { joinRoom, newRoomId } from '../../tests/support/free-rooms.ts';
import { connectSignedIn } from '../../tests/support/sign-in.ts';
import { type Reply, request, spawn, stop } from '../child-ipc.ts';

const DEFAULT_AIRDROPS = 30_000;
const AIRDROP_LAMPORTS = 1_000_000; // above the rent-exempt minimum of an empty account
const AIRDROPS_IN_FLIGHT = 8;
const PROBE_EVERY_MS = 25;
const IDLE_MS = 20_000;
const LAST_SNAPSHOT_WAIT_MS = 15_000; // a snapshot comes every 10 s: the biggest one lands in the run
const SEQUENCE_BYTES = 4;
const KEEP_ALIVE_MS = 20_000;
const PROGRESS_EVERY = 5000; // airdrops between progress lines on stderr

export interface ChainStallRow {
  run: string;
  airdrops: number;
  seconds: number;
  airdropsPerSecond: number;
  snapshots: number;
  snapshotMiB: number;
  messages: number;
  p50Ms: number;
  p99Ms: number;
  worstMs: number;
  serverLoopWorstMs: number;
  serverRssMiB: number;
}

export async function runChainStallBench(): Promise<ChainStallRow[]> {
  const airdrops = readCount(process.env.CHAIN_STALL_AIRDROPS);
  const baseline = process.env.CHAIN_STALL_BASELINE;
  const rows = [await runOnce('idle', undefined, 0)];
  if (baseline) rows.push(await runOnce(`grow, ${baseline}`, baseline, airdrops));
  rows.push(await runOnce('grow, this checkout', undefined, airdrops));
  return rows;
}

/** Prints the rows, with this checkout's latency as a ratio of the baseline's when there is one. */
export function printChainStallTable(rows: ChainStallRow[]): void {
  console.table(rows);
  const [baseline, mine] = rows.length === 3 ? [rows[1]!, rows[2]!] : [undefined, rows.at(-1)!];
  if (baseline) {
    const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
    console.log(
      `this checkout vs baseline: worst ${ratio(mine.worstMs, baseline.worstMs)} ×, ` +
        `p99 ${ratio(mine.p99Ms, baseline.p99Ms)} ×, loop worst ${ratio(mine.serverLoopWorstMs, baseline.serverLoopWorstMs)} ×`,
    );
  }
}

async function runOnce(run: string, root: string | undefined, airdrops: number): Promise<ChainStallRow> {
  process.stderr.write(`chain-stall: ${run}\n`);
  const server = spawn('bench/chain-stall/stall-server.ts', [], root ? { CHAIN_STALL_ROOT: root } : {});
  try {
    const ready = await request(server, undefined, 'ready');
    const url = String(ready.url);
    const target = { wsUrl: sessionSocketUrl(url), domain: String(ready.domain) };
    const probe = await startProbe(target);
    const snapshots = watchSnapshots(join(String(ready.chainDir), 'local-chain.json'));
    await request(server, { t: 'reset' }, 'reset');
    const started = performance.now();
    if (airdrops === 0) {
      await sleep(IDLE_MS);
    } else {
      await growChain(String(ready.chainUrl), airdrops);
      const before = snapshots.count();
      const deadline = performance.now() + LAST_SNAPSHOT_WAIT_MS;
      while (snapshots.count() === before && performance.now() < deadline) await sleep(100);
    }
    const seconds = (performance.now() - started) / 1000;
    const latencies = await probe.stop();
    const stats = (await request(server, { t: 'stats' }, 'stats')) as Reply & {
      loopMaxMs: number;
      rssMiB: number;
    };
    snapshots.stop();
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      run,
      airdrops,
      seconds: round(seconds),
      airdropsPerSecond: Math.round(airdrops / seconds),
      snapshots: snapshots.count(),
      snapshotMiB: round(snapshots.bytes() / 2 ** 20),
      messages: latencies.length,
      p50Ms: round(percentile(latencies, 0.5)),
      p99Ms: round(percentile(latencies, 0.99)),
      worstMs: round(Math.max(...latencies)),
      serverLoopWorstMs: round(stats.loopMaxMs),
      serverRssMiB: Math.round(stats.rssMiB),
    };
  } finally {
    await stop(server);
  }
}

/** Two signed-in sessions in one room: A sends every PROBE_EVERY_MS, B timestamps each arrival. */
async function startProbe(server: { wsUrl: string; domain: string }) {
  const a = await connectSignedIn(server);
  const b = await connectSignedIn(server);
  const room = newRoomId();
  for (const member of [a, b]) {
    const joined = await joinRoom(member.client, room);
    if (joined.t !== 'joined') throw new Error(`join failed: ${String(joined.code)}`);
  }
  const sentAt: number[] = [];
  const latencies: number[] = [];
  b.client.ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { t: string; ct?: string };
    if (frame.t !== 'msg' || frame.ct === undefined) return;
    const sequence = Buffer.from(frame.ct, 'base64url').readUInt32BE(0);
    latencies.push(performance.now() - sentAt[sequence]!);
  });
  const padding = randomBytes(60);
  // B only receives: it pings so the server does not close it as idle (90 s, PROTOCOL.md §2).
  const keepAlive = setInterval(() => b.client.send({ t: 'ping', id: `k${sentAt.length}` }), KEEP_ALIVE_MS);
  const timer = setInterval(() => {
    const ct = Buffer.alloc(SEQUENCE_BYTES);
    ct.writeUInt32BE(sentAt.length);
    sentAt.push(performance.now());
    a.client.send({ t: 'send', room, ct: Buffer.concat([ct, padding]).toString('base64url') });
  }, PROBE_EVERY_MS);
  return {
    async stop(): Promise<number[]> {
      clearInterval(timer);
      clearInterval(keepAlive);
      const deadline = performance.now() + 5000;
      while (latencies.length < sentAt.length && performance.now() < deadline) await sleep(20);
      a.client.close();
      b.client.close();
      if (latencies.length < sentAt.length) {
        throw new Error(`${sentAt.length - latencies.length} of ${sentAt.length} messages never arrived`);
      }
      return latencies;
    },
  };
}

/** Airdrops to fresh addresses, AIRDROPS_IN_FLIGHT at a time: each one lands an account and a record. */
async function growChain(rpcUrl: string, airdrops: number): Promise<void> {
  let issued = 0;
  let landed = 0;
  const base58 = getBase58Decoder();
  const worker = async () => {
    while (issued < airdrops) {
      issued += 1;
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: issued,
          method: 'requestAirdrop',
          params: [base58.decode(randomBytes(32)), AIRDROP_LAMPORTS],
        }),
      });
      const answer = (await response.json()) as { error?: { message: string } };
      if (answer.error) throw new Error(`requestAirdrop: ${answer.error.message}`);
      landed += 1;
      if (landed % PROGRESS_EVERY === 0) process.stderr.write(`  ${landed} airdrops\n`);
    }
  };
  await Promise.all(Array.from({ length: AIRDROPS_IN_FLIGHT }, worker));
}

/** Counts snapshot files written (each is renamed into place: a new inode) and the last one's size. */
function watchSnapshots(file: string) {
  let inode = statSync(file).ino;
  let count = 0;
  let bytes = statSync(file).size;
  const timer = setInterval(() => {
    try {
      const info = statSync(file);
      if (info.ino !== inode) count += 1;
      inode = info.ino;
      bytes = info.size;
    } catch {
      // between rename steps: looked at again on the next tick
    }
  }, 100);
  return { count: () => count, bytes: () => bytes, stop: () => clearInterval(timer) };
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

function readCount(value: string | undefined): number {
  if (value === undefined) return DEFAULT_AIRDROPS;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new Error(`CHAIN_STALL_AIRDROPS must be a positive whole number, got "${value}"`);
  }
  return Number(value);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
