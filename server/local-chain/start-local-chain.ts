/**
 * The local chain's one door: starts the embedded Solana chain, LiteSVM behind a JSON-RPC
 * endpoint (HTTP) and a subscription endpoint (WebSocket) on the same port, so the server reaches
 * it with the same `@solana/kit` code it uses for a real cluster. Code outside server/local-chain/
 * imports this module only (a Biome rule checks it; tests may also use testing/), so the rest of
 * the wing can change without touching the server.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Logger, pino } from 'pino';
import { ChainStore } from './chain-store.ts';
import { createRpcHttpServer } from './http-endpoint.ts';
import { LocalNode } from './local-node.ts';
import { attachSubscriptionEndpoint } from './subscription-endpoint.ts';
import { SubscriptionHub } from './subscription-hub.ts';

/**
 * Where the local chain keeps its state inside the server's data dir: one place for `npm start`
 * and `npm run chain`, so they see the same chain and its lock keeps them from serving it twice.
 */
export function localChainDir(dataDir: string): string {
  return join(dataDir, 'chain');
}

/**
 * The first file of chain state in `chainDir` (its snapshot or journal), if any: state a new
 * chain must not replace, and that keys outside the chain (the server's) were used with.
 */
export function findLocalChainState(chainDir: string): string | undefined {
  return ChainStore.findState(chainDir);
}

/** The local chain could not start serving (e.g. its port is taken). */
export class LocalChainStartError extends Error {
  override readonly name = 'LocalChainStartError';
}

/** Options of {@link startLocalChain}. */
export interface LocalChainOptions {
  /** Listen address; default `127.0.0.1`. */
  host?: string;
  /** Listen port; default 0 (any free port). */
  port?: number;
  /** Data dir for the chain snapshot and journal; without it the chain lives in memory only. */
  dataDir?: string;
  /** Default: a pino logger at `warn`. */
  logger?: Logger;
  /** Wall-clock slot length; default 400 ms. */
  slotMs?: number;
  /** Slots a blockhash stays valid; default 150. */
  blockhashValiditySlots?: number;
  /** How often a changed chain is snapshotted; default 10 s (each transaction is journaled). */
  snapshotIntervalMs?: number;
}

/** A running local chain. */
export interface LocalChain {
  /** JSON-RPC over HTTP, e.g. `http://127.0.0.1:8899`. */
  readonly rpcUrl: string;
  /** Subscriptions over WebSocket on the same port, e.g. `ws://127.0.0.1:8899`. */
  readonly wsUrl: string;
  readonly host: string;
  readonly port: number;
  /** The node itself, for in-process use (benchmarks, tests); the server should use `rpcUrl`. */
  readonly node: LocalNode;
  /** Stops serving, writes a final snapshot and closes the data files. */
  close(): Promise<void>;
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the local chain and resolves once it accepts connections. */
export async function startLocalChain(options: LocalChainOptions = {}): Promise<LocalChain> {
  const logger = options.logger ?? pino({ level: 'warn' });
  const host = options.host ?? '127.0.0.1';
  const node = await LocalNode.open({ ...options, logger });
  const hub = new SubscriptionHub(node.ledger);
  const server = createRpcHttpServer(node, logger);
  const wss = attachSubscriptionEndpoint(server, hub, logger);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (cause) {
    await node.close();
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new LocalChainStartError(
      `the local chain cannot listen on ${host}:${options.port ?? 0}: ${reason}`,
      {
        cause,
      },
    );
  }
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const shutDown = async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await node.close();
  };
  const close = () => {
    closing ??= shutDown();
    return closing;
  };
  return {
    rpcUrl: `http://${formatHost(host)}:${port}`,
    wsUrl: `ws://${formatHost(host)}:${port}`,
    host,
    port,
    node,
    close,
  };
}
