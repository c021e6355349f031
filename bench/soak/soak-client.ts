/**
 * A soak load process: opens `sessions` signed-in sessions (distinct wallets, raw `ws`), puts
 * each `roomSize` of them in a room of their own, then keeps steady traffic going: `send`s at a
 * fixed total rate spread round-robin over the rooms, and a `ping` from every session every
 * `pingIntervalMs` (as clients do). Every `msg` carries its send time; the parent asks for the
 * figures of each minute.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { authFrame, createTestKey, signInMessage } from '../../tests/support/test-wallet.ts';

interface Start {
  t: 'start';
  wsUrl: string;
  domain: string;
  sessions: number;
  roomSize: number;
  concurrency: number;
}

interface Traffic {
  t: 'traffic';
  messagesPerSecond: number;
  pingIntervalMs: number;
}

const SEND_TICK_MS = 10;
const PING_TICK_MS = 100;
const OPEN_TIMEOUT_MS = 30_000;

const sockets: WebSocket[] = [];
const rooms: string[] = [];
let roomSize = 0;
const current = { sent: 0, delivered: 0, latencies: [] as number[], errors: 0, closes: 0 };
const total = { sent: 0, delivered: 0, errors: 0, closes: 0 };
const timers: NodeJS.Timeout[] = [];
let stopping = false;

const MSG_PREFIX = '{"t":"msg"';

function onText(text: string): void {
  if (text.startsWith(MSG_PREFIX)) {
    const frame = JSON.parse(text) as { ct: string };
    const sentAt = Buffer.from(frame.ct, 'base64url').readDoubleLE(0);
    current.latencies.push(performance.now() - sentAt);
    current.delivered += 1;
    total.delivered += 1;
  } else if (text.startsWith('{"t":"error"')) {
    current.errors += 1;
    total.errors += 1;
  }
}

function open(msg: Start, index: number, signed: ReturnType<typeof prepare>): Promise<void> {
  const room = rooms[Math.floor(index / roomSize)]!;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(msg.wsUrl, { perMessageDeflate: false });
    const timer = setTimeout(() => reject(new Error(`session ${index} did not join`)), OPEN_TIMEOUT_MS);
    let phase: 'challenge' | 'ghost' | 'joined' | 'ready' = 'challenge';
    ws.on('message', (data) => {
      const text = String(data);
      if (phase === 'ready') return onText(text);
      const frame = JSON.parse(text) as { t: string; nonce?: string; code?: string };
      if (frame.t === 'error') return reject(new Error(`session ${index}: ${frame.code}`));
      if (phase === 'challenge' && frame.t === 'challenge') {
        phase = 'ghost';
        ws.send(JSON.stringify(authFrame(signed.signed, signed.session, String(frame.nonce))));
      } else if (phase === 'ghost' && frame.t === 'ghost') {
        phase = 'joined';
        ws.send(JSON.stringify({ t: 'join', id: 'j', room, bundle: randomBytes(96).toString('base64url') }));
      } else if (phase === 'joined' && frame.t === 'joined') {
        phase = 'ready';
        clearTimeout(timer);
        sockets[index] = ws;
        resolve();
      }
    });
    ws.on('close', () => {
      if (phase !== 'ready' || stopping) return;
      current.closes += 1;
      total.closes += 1;
    });
    ws.on('error', reject);
  });
}

function prepare(domain: string) {
  const session = createTestKey();
  return { signed: signInMessage(createTestKey(), session, { domain }), session };
}

async function start(msg: Start): Promise<void> {
  roomSize = msg.roomSize;
  for (let r = 0; r < Math.ceil(msg.sessions / roomSize); r++)
    rooms.push(randomBytes(32).toString('base64url'));
  const prepared = Array.from({ length: msg.sessions }, () => prepare(msg.domain));
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < msg.sessions) {
      const index = next++;
      await open(msg, index, prepared[index]!);
    }
  };
  await Promise.all(Array.from({ length: msg.concurrency }, worker));
  process.send?.({ t: 'started', ms: performance.now() - started, sessions: sockets.length });
}

/** Sends at a steady total rate: consecutive sends go to different rooms, members take turns. */
function traffic(msg: Traffic): void {
  const begun = performance.now();
  let sentSoFar = 0;
  let turn = 0;
  const roomCount = rooms.length;
  timers.push(
    setInterval(() => {
      const due = Math.floor(((performance.now() - begun) * msg.messagesPerSecond) / 1000) - sentSoFar;
      for (let i = 0; i < due; i++, turn++) {
        const room = turn % roomCount;
        const member = Math.floor(turn / roomCount) % roomSize;
        const ws = sockets[room * roomSize + member];
        if (!ws || ws.readyState !== WebSocket.OPEN) continue;
        const ct = Buffer.alloc(16);
        ct.writeDoubleLE(performance.now(), 0);
        ws.send(`{"t":"send","room":"${rooms[room]}","ct":"${ct.toString('base64url')}"}`);
        current.sent += 1;
        total.sent += 1;
      }
      sentSoFar += Math.max(0, due);
    }, SEND_TICK_MS),
  );
  const slices = Math.max(1, Math.round(msg.pingIntervalMs / PING_TICK_MS));
  let tick = 0;
  timers.push(
    setInterval(() => {
      const slice = tick++ % slices;
      for (let i = slice; i < sockets.length; i += slices) {
        const ws = sockets[i];
        if (ws?.readyState === WebSocket.OPEN) ws.send('{"t":"ping"}');
      }
    }, PING_TICK_MS),
  );
}

/** This current's figures (then a new current starts), and the totals so far. */
function stats(): Record<string, unknown> {
  const sorted = current.latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  const figures = {
    t: 'stats',
    sent: current.sent,
    delivered: current.delivered,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: sorted.at(-1) ?? 0,
    errors: current.errors,
    closes: current.closes,
    open: sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length,
    total: { ...total },
    expectedPerSend: roomSize - 1,
  };
  Object.assign(current, { sent: 0, delivered: 0, latencies: [], errors: 0, closes: 0 });
  return figures;
}

process.on('message', (msg: { t: string }) => {
  if (msg.t === 'start') {
    void start(msg as Start).catch((e: unknown) => process.send?.({ t: 'failed', error: String(e) }));
  } else if (msg.t === 'traffic') {
    traffic(msg as Traffic);
  } else if (msg.t === 'stats') {
    process.send?.(stats());
  } else if (msg.t === 'quiet') {
    for (const timer of timers.splice(0)) clearInterval(timer);
    process.send?.({ t: 'quiet' });
  } else if (msg.t === 'exit') {
    stopping = true;
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
