/**
 * `GET /v1/ws` (PROTOCOL.md §2). Upgrades are taken straight from the Node HTTP server with `ws`
 * (Hono serves every other route): `@hono/node-ws` keeps each connection's Hono context, Request
 * and IncomingMessage alive for the connection's lifetime, which measured ~5 KB per session.
 * Each upgrade passes the connection caps first (connection-caps.ts; refusals: docs/protocol.md).
 * Frames above the size limit close the connection with 1009 (ws `maxPayload`). Writes are
 * batched per event-loop turn (turn-batching.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { SESSION_SOCKET_PATH } from '../../shared/protocol/endpoints.ts';
import { MAX_FRAME_BYTES } from '../../shared/protocol/limits.ts';
import { clientAddress } from '../http/client-address.ts';
import { refuseRawSocket } from '../http/raw-refusal.ts';
import { Session, type SessionServices, type SessionSocket } from '../session/session.ts';
import type { ConnectionCaps } from './connection-caps.ts';
import { batchWritesThisTurn } from './turn-batching.ts';

/** How long a closing handshake may take before the socket is dropped (`ws` waits 30 s). */
const CLOSE_GRACE_MS = 2_000;

export interface WebSocketEndpoint {
  /** Terminates every open connection (server shutdown). */
  terminateAll(): void;
}

export interface EndpointGuards {
  caps: ConnectionCaps;
}

/** `trustedProxies`: peers whose `X-Forwarded-For` names the client (ANOGHOST_TRUST_PROXY). */
export function attachWebSocketEndpoint(
  server: Server,
  services: SessionServices,
  trustedProxies: ReadonlySet<string>,
  guards: EndpointGuards,
): WebSocketEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!socket.writable) {
      socket.destroy(); // already refused by the socket limits (http/socket-limits.ts)
      return;
    }
    const path = request.url?.split('?', 1)[0];
    if (path !== SESSION_SOCKET_PATH) {
      refuseRawSocket(socket, { status: 404, code: 'not_found', message: 'no such endpoint' });
      return;
    }
    const forwardedFor = request.headers['x-forwarded-for'];
    const address = clientAddress(
      request.socket.remoteAddress,
      Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor,
      trustedProxies,
    );
    const admission = guards.caps.admit(address);
    if (!admission.ok) {
      const { status, message, retryAfterSeconds } = admission;
      const code = status === 429 ? 'rate_limited' : 'unavailable';
      refuseRawSocket(socket, { status, code, message, retryAfterSeconds });
      return;
    }
    const connection = admission.connection;
    // `handleUpgrade` completes or aborts before it returns (no `verifyClient`), so a handshake
    // that failed (its socket already destroyed) is known right after the call.
    let upgraded = false;
    wss.handleUpgrade(request, socket, head, (ws) => {
      upgraded = true;
      const session = new Session(batchingSocket(ws, socket), services, address, connection);
      ws.on('message', (data, isBinary) => {
        if (isBinary) session.handleBinary();
        else session.handleText(String(data));
      });
      ws.on('ping', () => session.touch());
      ws.on('close', () => {
        connection.closed(); // `ws` emits close once its socket is closed: the descriptor is free
        session.handleClosed();
      });
      ws.on('error', () => services.logger.debug('websocket error'));
    });
    if (!upgraded) connection.closed();
  });

  return {
    terminateAll() {
      for (const client of wss.clients) client.terminate();
    },
  };
}

/** The session's view of a connection: `ws` framing, writes batched on the underlying socket. */
function batchingSocket(ws: WebSocket, socket: Duplex): SessionSocket {
  return {
    send(data, options) {
      batchWritesThisTurn(socket);
      ws.send(data, { binary: options?.binary ?? typeof data !== 'string' });
    },
    close(code, reason) {
      ws.close(code, reason);
      // A peer that never answers the close frame (or never reads) must not keep its socket.
      const drop = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
      drop.unref();
      ws.once('close', () => clearTimeout(drop));
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
  };
}
