/**
 * `GET /v1/ws` (PROTOCOL.md §2). Upgrades are taken straight from the Node HTTP server with `ws`
 * (Hono serves every other route): `@hono/node-ws` keeps each connection's Hono context, Request
 * and IncomingMessage alive for the connection's lifetime, which measured ~5 KB per session.
 * Frames above the size limit close the connection with 1009 (ws `maxPayload`). Writes are
 * batched per event-loop turn (turn-batching.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { SESSION_SOCKET_PATH } from '../../shared/protocol/endpoints.ts';
import { MAX_FRAME_BYTES } from '../../shared/protocol/limits.ts';
import { clientAddress } from '../http/client-address.ts';
import { Session, type SessionServices, type SessionSocket } from '../session/session.ts';
import { batchWritesThisTurn } from './turn-batching.ts';

export interface WebSocketEndpoint {
  /** Terminates every open connection (server shutdown). */
  terminateAll(): void;
}

/** `trustedProxies`: peers whose `X-Forwarded-For` names the client (ANOGHOST_TRUST_PROXY). */
export function attachWebSocketEndpoint(
  server: Server,
  services: SessionServices,
  trustedProxies: ReadonlySet<string>,
): WebSocketEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = request.url?.split('?', 1)[0];
    if (path !== SESSION_SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const forwardedFor = request.headers['x-forwarded-for'];
    const address = clientAddress(
      request.socket.remoteAddress,
      Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor,
      trustedProxies,
    );
    wss.handleUpgrade(request, socket, head, (ws) => {
      const session = new Session(batchingSocket(ws, socket), services, address);
      ws.on('message', (data, isBinary) => {
        if (isBinary) session.handleBinary();
        else session.handleText(String(data));
      });
      ws.on('ping', () => session.touch());
      ws.on('close', () => session.handleClosed());
      ws.on('error', () => services.logger.debug('websocket error'));
    });
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
    close: (code, reason) => ws.close(code, reason),
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
  };
}
