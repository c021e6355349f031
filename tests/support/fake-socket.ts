/** An in-memory `WebSocketLike` for unit tests: the test plays the server. */
import type { WebSocketFactory, WebSocketLike } from '../../shared/client/websocket-port.ts';

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** The server opens the connection and sends its challenge. */
  openWithChallenge(domain = '127.0.0.1:8787', cluster = 'localnet'): void {
    this.readyState = 1;
    this.onopen?.({});
    this.receive({ t: 'challenge', v: 1, nonce: 'A'.repeat(43), domain, cluster });
  }

  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** The server (or network) ends the connection. */
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }

  last(t: string): Record<string, unknown> | undefined {
    return this.sent.filter((f) => f.t === t).at(-1);
  }
}

/** A factory that keeps every socket it made. */
export function createFakeFactory(): { sockets: FakeSocket[]; factory: WebSocketFactory } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    factory: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  };
}

export const GHOST = { t: 'ghost', ghostId: 'g1', issuedAt: 1, rotatesAt: 2, liveUntil: 3 };
