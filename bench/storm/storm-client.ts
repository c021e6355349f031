/**
 * A reconnect-storm client process: `count` connections of the client library (shared/client
 * `Connection`, real reconnects with backoff and jitter), each with its own wallet that counts its
 * `signMessage` calls. The first `connect()` asks each wallet once and keeps the credentials
 * (session key + signed sign-in text, what the extension stores); after the server dies and comes
 * back, every connection must sign in again with them alone. Reports when each one is ready again.
 */
import WebSocket from 'ws';
import { Connection } from '../../shared/client/connection.ts';
import type { WebSocketLike } from '../../shared/client/websocket-port.ts';
import { createCountingWallet } from '../../tests/support/client-harness.ts';

interface Start {
  t: 'start';
  serverUrl: string;
  count: number;
  concurrency: number;
}

const connections: Connection[] = [];
const wallets: ReturnType<typeof createCountingWallet>[] = [];
let watchSince = 0;
let readyAgainAt: number[] = [];
let pending = 0;
let unauthorized = 0;
let attempts: number[] = [];

const createWebSocket = (url: string) =>
  new WebSocket(url, { perMessageDeflate: false }) as unknown as WebSocketLike;

const walletCalls = () => wallets.reduce((sum, w) => sum + w.calls, 0);

async function start(msg: Start): Promise<void> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < msg.count) {
      const index = next++;
      const wallet = createCountingWallet();
      const connection = new Connection({ serverUrl: msg.serverUrl, createWebSocket, wallet });
      connection.on('ready', ({ reconnected }) => {
        if (!reconnected || watchSince === 0 || readyAgainAt[index] !== 0) return;
        readyAgainAt[index] = Date.now() - watchSince;
        if (--pending === 0) report();
      });
      connection.on('unauthorized', () => {
        unauthorized += 1;
      });
      connection.on('state', ({ state }) => {
        if (state === 'reconnecting' && watchSince !== 0) attempts[index] = (attempts[index] ?? 0) + 1;
      });
      connections[index] = connection;
      wallets[index] = wallet;
      await connection.connect();
    }
  };
  await Promise.all(Array.from({ length: msg.concurrency }, worker));
  process.send?.({ t: 'started', ms: performance.now() - started, walletCalls: walletCalls() });
}

function report(): void {
  process.send?.({
    t: 'reconnected',
    times: readyAgainAt,
    walletCalls: walletCalls(),
    unauthorized,
    attempts,
  });
}

process.on('message', (msg: { t: string; since?: number } & Partial<Start>) => {
  if (msg.t === 'start') {
    void start(msg as Start).catch((e: unknown) => process.send?.({ t: 'failed', error: String(e) }));
  } else if (msg.t === 'watch') {
    watchSince = msg.since!;
    readyAgainAt = connections.map(() => 0);
    pending = connections.length;
    unauthorized = 0;
    attempts = connections.map(() => 0);
  } else if (msg.t === 'status') {
    // Where a storm that did not finish stands.
    report();
  } else if (msg.t === 'exit') {
    for (const c of connections) c.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
