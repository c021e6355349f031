/**
 * What one client's sockets may hold on the HTTP server, before a request is read (issue #10):
 * open sockets per peer address (an HTTP connection holds a descriptor as a WebSocket does; the
 * sockets of trusted proxies are not counted here, their clients are counted by `X-Forwarded-For`
 * at the upgrade: ws/connection-caps.ts), all sockets below the descriptor limit (Node's
 * `maxConnections`), and timeouts that close a half-sent request (slowloris) or an idle keep-alive
 * connection. A WebSocket upgrade is an HTTP request, so `headersTimeout` covers a half-sent one.
 */
import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { CapWarnings } from '../log/cap-warnings.ts';
import { clientAddress } from './client-address.ts';
import { refuseRawSocket } from './raw-refusal.ts';

export interface HttpTimeouts {
  /** Until a request's headers are complete (Node's default: 60 s). */
  headersMs: number;
  /** Until a whole request is received; bodies are at most 64 KiB (Node's default: 300 s). */
  requestMs: number;
  /** An idle keep-alive connection between requests. */
  keepAliveMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };

const MAX_CHECK_INTERVAL_MS = 1_000; // Node checks the timeouts above only this often (default 30 s)
const NO_ADDRESSES: ReadonlySet<string> = new Set();

/** Options for `http.createServer`: the timeouts, checked often enough to be kept. */
export function httpServerOptions(timeouts: HttpTimeouts): ServerOptions {
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: Math.max(10, Math.min(MAX_CHECK_INTERVAL_MS, timeouts.headersMs / 4)),
  };
}

export interface SocketLimits {
  /** Open sockets of one peer address (IPv6: one /64). */
  perAddress: number;
  /** Client sockets of the whole server (config/descriptor-limit.ts). */
  sockets: number;
  keepAliveMs: number;
  trustedProxies: ReadonlySet<string>;
  warnings: CapWarnings;
}

/** Applies the socket limits to `server`; a socket over them gets 429 (or, past `sockets`, is dropped). */
export function limitSockets(server: Server, limits: SocketLimits): void {
  server.keepAliveTimeout = limits.keepAliveMs;
  server.maxConnections = limits.sockets;
  server.on('drop', () => limits.warnings.hit('sockets'));
  const open = new Map<string, number>();
  server.prependListener('connection', (socket: Socket) => {
    const peer = socket.remoteAddress;
    if (peer === undefined || limits.trustedProxies.has(peer)) return;
    const address = clientAddress(peer, undefined, NO_ADDRESSES);
    const count = open.get(address) ?? 0;
    if (count >= limits.perAddress) {
      limits.warnings.hit('connections per address');
      refuseRawSocket(socket, {
        status: 429,
        code: 'rate_limited',
        message: `at most ${limits.perAddress} connections per address`,
      });
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
