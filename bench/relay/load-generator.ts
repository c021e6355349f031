/**
 * The one load generator, a child process driven over IPC, the same code for all three servers. It
 * holds one connection set per server and drives one set at a time. Member g of a set sits in room
 * ⌊g / members⌋.
 *
 * - `throughput`: every member sends `perMember` messages as fast as it can with at most `window`
 *   of its messages in flight, where in flight means not yet received by its designated receiver
 *   (the next member of its room). Deliveries/s = frames received by all members / wall time from
 *   the first send to the last delivery.
 * - `latency`: an open-loop offered rate of sends, spread round-robin over the members (consecutive
 *   sends go to different rooms), paced on a 1 ms timer; every delivery's latency is its arrival
 *   time minus the send time written into its ct. Sends in the first `warmupMs` are not recorded.
 */
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { fillerCt, nowUs, readSender, readSentUs, writeCtHeader } from './payload.ts';
import { type Target, WIRES } from './wire.ts';

const CONNECT_CONCURRENCY = 50;
const DRAIN_TIMEOUT_MS = 5_000;
const PHASE_TIMEOUT_MS = 60_000;
const PACE_TICK_MS = 1;

interface Setup {
  t: 'setup';
  /** Name of this connection set in later commands. */
  set: string;
  target: Target;
  rooms: string[];
  members: number;
}
interface Throughput {
  t: 'throughput';
  set: string;
  perMember: number;
  window: number;
}
interface Latency {
  t: 'latency';
  set: string;
  sendsPerSecond: number;
  warmupMs: number;
  measureMs: number;
}
type Command = Setup | Throughput | Latency | { t: 'exit' };

const corked = new Set<Duplex>();

/** Batches each socket's writes of this event-loop turn into one writev, as the AnoGhost server does. */
function batchWritesThisTurn(socket: Duplex): void {
  if (corked.has(socket)) return;
  if (corked.size === 0) {
    setImmediate(() => {
      for (const s of corked) s.uncork();
      corked.clear();
    });
  }
  corked.add(socket);
  socket.cork();
}

interface Template {
  frame: Buffer;
  ctAt: number;
}

/** The members connected to one server; only one set is driven at a time. */
interface ConnectionSet {
  sockets: WebSocket[];
  streams: Duplex[];
  templates: Template[];
}

const sets = new Map<string, ConnectionSet>();
let members = 0;
let sockets: WebSocket[] = [];
let streams: Duplex[] = [];
let templates: Template[] = [];
let deliveries = 0;
/** Called for each relayed message: receiver index, frame, ct offset. */
let onRelayed: (receiver: number, frame: Buffer, ctAt: number) => void = () => {};

function send(sender: number, sentUs: number): void {
  const { frame, ctAt } = templates[sender]!;
  const bytes = Buffer.allocUnsafe(frame.length); // ws may still hold the previous one
  frame.copy(bytes);
  writeCtHeader(bytes, ctAt, sentUs, sender);
  batchWritesThisTurn(streams[sender]!);
  sockets[sender]!.send(bytes, { binary: false });
}

/** Makes `name` the set that `send` and the phases drive. */
function use(name: string): void {
  const set = sets.get(name);
  if (!set) throw new Error(`no connection set ${name}`);
  ({ sockets, streams, templates } = set);
}

async function setup(msg: Setup): Promise<{ connectMs: number }> {
  const wire = WIRES[msg.target.kind];
  members = msg.members;
  const total = msg.rooms.length * members;
  const sockets: WebSocket[] = new Array(total);
  const streams: Duplex[] = new Array(total);
  const templates: Template[] = [];
  for (let g = 0; g < total; g++) {
    const { before, after } = wire.sendFrame(msg.rooms[Math.floor(g / members)]!);
    templates.push({ frame: Buffer.from(before + fillerCt() + after, 'latin1'), ctAt: before.length });
  }
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const g = next++;
      const { ws, socket } = await wire.open(msg.target, msg.rooms[Math.floor(g / members)]!);
      ws.on('message', (frame: Buffer) => {
        const ctAt = wire.ctOffset(frame);
        if (ctAt < 0) wire.answer(ws, frame);
        else onRelayed(g, frame, ctAt);
      });
      ws.on('error', () => {});
      sockets[g] = ws;
      streams[g] = socket;
    }
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
  sets.set(msg.set, { sockets, streams, templates });
  return { connectMs: performance.now() - started };
}

function receiverOf(sender: number): number {
  const room = Math.floor(sender / members) * members;
  return room + ((sender - room + 1) % members);
}

function throughput(msg: Throughput): Promise<{ deliveries: number; ms: number; complete: boolean }> {
  const total = sockets.length;
  const expected = total * msg.perMember * (members - 1);
  const sent = new Uint32Array(total);
  const inFlight = new Uint32Array(total);
  deliveries = 0;
  return new Promise((resolve) => {
    let lastAt = 0;
    const pump = (sender: number) => {
      while (inFlight[sender]! < msg.window && sent[sender]! < msg.perMember) {
        sent[sender]! += 1;
        inFlight[sender]! += 1;
        send(sender, nowUs());
      }
    };
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      onRelayed = () => {};
      resolve({ deliveries, ms: lastAt - started, complete });
    };
    const timer = setTimeout(() => finish(false), PHASE_TIMEOUT_MS);
    onRelayed = (receiver, frame, ctAt) => {
      deliveries += 1;
      lastAt = performance.now();
      const sender = readSender(frame, ctAt);
      if (receiverOf(sender) === receiver) {
        inFlight[sender]! -= 1;
        pump(sender);
      }
      if (deliveries === expected) finish(true);
    };
    const started = performance.now();
    for (let g = 0; g < total; g++) pump(g);
  });
}

function latency(msg: Latency) {
  const total = sockets.length;
  const rooms = total / members;
  const capacity = Math.ceil(((msg.sendsPerSecond * (msg.warmupMs + msg.measureMs)) / 1000) * members) + 1024;
  const samples = new Float64Array(capacity);
  let recorded = 0;
  let sends = 0;
  let recordedSends = 0;
  deliveries = 0;
  const started = performance.now();
  const recordFromUs = nowUs() + msg.warmupMs * 1000;
  onRelayed = (_receiver, frame, ctAt) => {
    deliveries += 1;
    const sentUs = readSentUs(frame, ctAt);
    if (sentUs >= recordFromUs && recorded < capacity) samples[recorded++] = (nowUs() - sentUs) / 1000;
  };
  return new Promise<{ samples: number; p50Ms: number; p99Ms: number; sendsPerSecond: number; lost: number }>(
    (resolve) => {
      const stopAt = started + msg.warmupMs + msg.measureMs;
      let measuredFrom = 0;
      const tick = () => {
        const now = performance.now();
        const due = Math.min(now, stopAt);
        const target = Math.floor(((due - started) * msg.sendsPerSecond) / 1000);
        const sentUs = nowUs();
        if (measuredFrom === 0 && sentUs >= recordFromUs) measuredFrom = now;
        for (; sends < target; sends++) {
          // Consecutive sends go to different rooms: member ⌊i / rooms⌋ of room i mod rooms.
          const i = sends % total;
          send((i % rooms) * members + Math.floor(i / rooms), sentUs);
          if (measuredFrom !== 0) recordedSends += 1;
        }
        if (now < stopAt) setTimeout(tick, PACE_TICK_MS);
        else void drain(sends * (members - 1)).then(done);
      };
      const done = () => {
        onRelayed = () => {};
        const sorted = samples.subarray(0, recorded).sort();
        const at = (q: number) => sorted[Math.min(recorded - 1, Math.floor(q * recorded))] ?? Number.NaN;
        resolve({
          samples: recorded,
          p50Ms: at(0.5),
          p99Ms: at(0.99),
          sendsPerSecond: recordedSends / ((stopAt - measuredFrom) / 1000),
          lost: sends * (members - 1) - deliveries,
        });
      };
      tick();
    },
  );
}

/** Waits until `expected` deliveries arrived, or the drain timeout. */
async function drain(expected: number): Promise<void> {
  const until = performance.now() + DRAIN_TIMEOUT_MS;
  while (deliveries < expected && performance.now() < until) await new Promise((r) => setTimeout(r, 5));
}

function closeAll(): void {
  for (const set of sets.values()) for (const ws of set.sockets) ws?.terminate();
  sets.clear();
}

async function handle(msg: Command): Promise<void> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const cpuShare = () => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000 / (performance.now() - wall);
  };
  switch (msg.t) {
    case 'setup':
      process.send?.({ t: 'ready', ...(await setup(msg)) });
      break;
    case 'throughput':
      use(msg.set);
      process.send?.({ t: 'done', ...(await throughput(msg)), cpu: cpuShare() });
      break;
    case 'latency':
      use(msg.set);
      process.send?.({ t: 'done', ...(await latency(msg)), cpu: cpuShare() });
      break;
    case 'exit':
      closeAll();
      process.exit(0);
  }
}

process.on('message', (msg: Command) => {
  handle(msg).catch((error: unknown) => process.send?.({ t: 'failed', error: String(error) }));
});
process.on('disconnect', () => process.exit(0));
