/**
 * `GET /v1/ws` (PROTOCOL.md §2) over `@hono/node-ws`. Each connection becomes a `Session`; the raw
 * `ws` socket is used for sending so relayed frames go out as the same bytes to every member.
 * Frames above the size limit close the connection with 1009 (ws `maxPayload`).
 */
import { createNodeWebSocket } from '@hono/node-ws';
import type { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../../shared/protocol/limits.ts';
import { Session, type SessionServices } from '../session/session.ts';

export function addWebSocketEndpoint(app: Hono, services: SessionServices) {
  const nodeWs = createNodeWebSocket({ app });
  nodeWs.wss.options.maxPayload = MAX_FRAME_BYTES;
  const sessions = new WeakMap<WebSocket, Session>();

  app.get(
    '/v1/ws',
    nodeWs.upgradeWebSocket(
      () => ({
        onOpen(_event, ws) {
          const raw = ws.raw as WebSocket;
          const session = new Session(raw, services);
          sessions.set(raw, session);
          raw.on('ping', () => session.touch());
        },
        onMessage(event, ws) {
          const session = sessions.get(ws.raw as WebSocket);
          if (!session) return;
          if (typeof event.data === 'string') session.handleText(event.data);
          else session.handleBinary();
        },
        onClose(_event, ws) {
          sessions.get(ws.raw as WebSocket)?.handleClosed();
        },
      }),
      // Node 20 lacks ErrorEvent, so @hono/node-ws cannot build the error event; a socket error is
      // always followed by 'close', which does the cleanup. Log the error without its details.
      { onError: () => services.logger.debug('websocket error') },
    ),
  );
  return nodeWs;
}
