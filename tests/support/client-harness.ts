/**
 * Client-library test harness: `AnoGhostClient` instances on real `ws` sockets whose every frame,
 * in both directions, is captured; test wallets that count their `signMessage` calls; and a
 * helper that waits for the next event of an emitter.
 */
import WebSocket from 'ws';
import { AnoGhostClient, type AnoGhostClientOptions } from '../../shared/client/anoghost-client.ts';
import type { TypedEmitter } from '../../shared/client/event-emitter.ts';
import type { WalletSigner } from '../../shared/client/session-credentials.ts';
import type { WebSocketFactory } from '../../shared/client/websocket-port.ts';
import { createTestKey, type TestKey } from './test-wallet.ts';

/** Every frame that crossed the wire, as text. */
export interface WireLog {
  sent: string[];
  received: string[];
}

export interface CountingWallet extends WalletSigner {
  key: TestKey;
  calls: number;
}

export function createCountingWallet(key: TestKey = createTestKey()): CountingWallet {
  const wallet: CountingWallet = {
    key,
    address: key.address,
    calls: 0,
    signMessage: async (message) => {
      wallet.calls += 1;
      return key.sign(message);
    },
  };
  return wallet;
}

/** A `ws` factory that records every frame and keeps the sockets (to cut them in tests). */
export function createCapturingFactory(wire: WireLog, sockets: WebSocket[]): WebSocketFactory {
  return (url) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    const send = ws.send.bind(ws);
    ws.send = ((data: string) => {
      wire.sent.push(String(data));
      send(data);
    }) as typeof ws.send;
    ws.on('message', (data) => wire.received.push(String(data)));
    return ws;
  };
}

export interface TestClient {
  client: AnoGhostClient;
  wallet: CountingWallet;
  wire: WireLog;
  sockets: WebSocket[];
  /** Cuts the current socket without a close handshake (as a network drop would). */
  dropSocket(): void;
}

export function createTestClient(
  server: { url: string },
  options: Partial<AnoGhostClientOptions> & { walletKey?: TestKey } = {},
): TestClient {
  const wire: WireLog = { sent: [], received: [] };
  const sockets: WebSocket[] = [];
  const wallet = createCountingWallet(options.walletKey);
  const client = new AnoGhostClient({
    serverUrl: server.url,
    createWebSocket: createCapturingFactory(wire, sockets),
    wallet,
    backoff: { baseMs: 50, maxMs: 400 },
    ...options,
  });
  return { client, wallet, wire, sockets, dropSocket: () => sockets.at(-1)?.terminate() };
}

export async function connectTestClient(
  server: { url: string },
  options: Parameters<typeof createTestClient>[1] = {},
): Promise<TestClient> {
  const test = createTestClient(server, options);
  await test.client.connect();
  return test;
}

/** The next `event` (matching `match`) of `emitter`; rejects after `timeoutMs`. */
export function nextEvent<E extends object, K extends keyof E>(
  emitter: TypedEmitter<E>,
  event: K,
  match: (payload: E[K]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<E[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${String(event)}`));
    }, timeoutMs);
    const off = emitter.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Collects every `event` of `emitter` into an array. */
export function collectEvents<E extends object, K extends keyof E>(
  emitter: TypedEmitter<E>,
  event: K,
): E[K][] {
  const seen: E[K][] = [];
  emitter.on(event, (payload) => seen.push(payload));
  return seen;
}
