/**
 * The WebSocket subscription endpoint (`ws://host:port`, the same port as JSON-RPC over HTTP, as
 * real nodes allow): JSON-RPC 2.0 frames for signatureSubscribe/Unsubscribe and
 * slotSubscribe/Unsubscribe. Frames without an id (such as `@solana/kit`'s keep-alive `ping`)
 * are notifications and get no answer.
 */
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import * as v from 'valibot';
import { type WebSocket, WebSocketServer } from 'ws';
import { stringifyJsonWithBigInts } from './json-with-bigints.ts';
import { RPC_ERROR_CODE, RpcError, rpcErrorOf } from './rpc-error.ts';
import { JSON_RPC_REQUEST } from './rpc-method.ts';
import { COMMITMENT, parseParams, SIGNATURE, U64 } from './rpc-params.ts';
import type { NotificationSink, SubscriptionHub } from './subscription-hub.ts';

const MAX_FRAME_SIZE = 64 * 1024; // bytes
const SIGNATURE_PARAMS = v.tuple([
  SIGNATURE,
  v.optional(
    v.object({ commitment: v.optional(COMMITMENT), enableReceivedNotification: v.optional(v.boolean()) }),
  ),
]);
const UNSUBSCRIBE_PARAMS = v.tuple([U64]);

function send(socket: WebSocket, payload: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(stringifyJsonWithBigInts(payload));
}

function handleFrame(
  text: string,
  socket: WebSocket,
  sink: NotificationSink,
  hub: SubscriptionHub,
  logger: Logger,
): void {
  let frame: v.InferOutput<typeof JSON_RPC_REQUEST>;
  try {
    frame = v.parse(JSON_RPC_REQUEST, JSON.parse(text));
  } catch (cause) {
    const code = cause instanceof SyntaxError ? RPC_ERROR_CODE.PARSE_ERROR : RPC_ERROR_CODE.INVALID_REQUEST;
    const message = cause instanceof SyntaxError ? 'Parse error' : 'Invalid request';
    send(socket, { jsonrpc: '2.0', id: null, error: { code, message } });
    return;
  }
  if (frame.id === undefined) return;
  try {
    const answer = runSubscriptionMethod(frame.method, frame.params, sink, hub);
    send(socket, { jsonrpc: '2.0', id: frame.id, result: answer.result });
    answer.deliverPending?.();
  } catch (error) {
    send(socket, { jsonrpc: '2.0', id: frame.id, error: rpcErrorOf(error, frame.method, logger).toJson() });
  }
}

function runSubscriptionMethod(
  method: string,
  params: unknown,
  sink: NotificationSink,
  hub: SubscriptionHub,
): { result: unknown; deliverPending?: () => void } {
  switch (method) {
    case 'signatureSubscribe': {
      const [signature] = parseParams(SIGNATURE_PARAMS, params);
      const subscription = hub.subscribeSignature(signature, sink);
      return { result: subscription.id, deliverPending: subscription.deliverPending };
    }
    case 'slotSubscribe':
      parseParams(v.tuple([]), params);
      return { result: hub.subscribeSlot(sink) };
    case 'signatureUnsubscribe':
      return { result: hub.unsubscribeSignature(parseParams(UNSUBSCRIBE_PARAMS, params)[0]) };
    case 'slotUnsubscribe':
      return { result: hub.unsubscribeSlot(parseParams(UNSUBSCRIBE_PARAMS, params)[0]) };
    default:
      throw new RpcError(RPC_ERROR_CODE.METHOD_NOT_FOUND, 'Method not found');
  }
}

/** Serves subscriptions on the HTTP server's upgrade requests. */
export function attachSubscriptionEndpoint(
  server: Server,
  hub: SubscriptionHub,
  logger: Logger,
): WebSocketServer {
  const wss = new WebSocketServer({ server, maxPayload: MAX_FRAME_SIZE });
  // The HTTP server's own errors (e.g. EADDRINUSE) are re-emitted here; startLocalChain reports them.
  wss.on('error', (error) => logger.debug({ err: error }, 'subscription endpoint error'));
  wss.on('connection', (socket) => {
    const sink: NotificationSink = (method, subscription, result) =>
      send(socket, { jsonrpc: '2.0', method, params: { result, subscription } });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      handleFrame(data.toString(), socket, sink, hub, logger);
    });
    socket.on('close', () => hub.removeSink(sink));
    socket.on('error', (error) => logger.debug({ err: error }, 'subscription socket error'));
  });
  return wss;
}
