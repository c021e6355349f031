/**
 * The one thing the client library needs from a transport: a WebSocket-like object that both the
 * browser's `WebSocket` and the `ws` package satisfy as they are. The caller injects a factory, so
 * `shared/` never imports a socket implementation (STYLE.md §2, §3).
 */

/** A handler property type checked bivariantly, so `ws` and DOM sockets (richer events) both fit. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** `readyState` value of an open socket (same in DOM and `ws`). */
export const SOCKET_OPEN = 1;

/** The subset of the DOM `WebSocket` interface the client uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
}

/** Opens a WebSocket to `url`, e.g. `(url) => new WebSocket(url)` (DOM or `ws`). */
export type WebSocketFactory = (url: string) => WebSocketLike;
