/**
 * One fuzzer connection over a real `ws` client: puts a prepared frame on the wire in whichever
 * form it takes (text, binary, fragments with pings between them, a corked flood, raw bytes on the
 * TCP socket), checks every frame the server sends (reply-checks.ts) and waits for replies or the
 * close. A refused upgrade (an HTTP status instead of 101) is reported, not thrown.
 */
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { ServerFrame } from '../../shared/protocol/server-frames.ts';
import type { Wire } from './prepared-frame.ts';
import { checkReply } from './reply-checks.ts';

const OPEN_TIMEOUT_MS = 15_000;
const KEPT_UNWAITED = 64; // frames nobody waited for yet, kept for a `next` that comes just after

export interface Close {
  code: number;
  reason: string;
}

export interface ConnectionHooks {
  wallets: ReadonlySet<string>;
  /** Every valid frame, in order. */
  onFrame(frame: ServerFrame): void;
  /** A frame that failed its checks. */
  onProblem(problem: string): void;
}

type Waiter = { match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame | Close) => void };

export class FuzzConnection {
  closed: Close | undefined;
  #waiters: Waiter[] = [];
  #unwaited: ServerFrame[] = [];
  #closeWaiters: Array<(c: Close) => void> = [];

  private constructor(
    readonly ws: WebSocket,
    hooks: ConnectionHooks,
  ) {
    ws.on('message', (data: Buffer, isBinary) => {
      const checked = checkReply(data, isBinary, hooks.wallets);
      if (!checked.ok) {
        hooks.onProblem(checked.problem);
        return;
      }
      hooks.onFrame(checked.frame);
      const index = this.#waiters.findIndex((w) => w.match(checked.frame));
      if (index >= 0) this.#waiters.splice(index, 1)[0]!.resolve(checked.frame);
      else if (this.#unwaited.push(checked.frame) > KEPT_UNWAITED) this.#unwaited.shift();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      for (const waiter of this.#waiters.splice(0)) waiter.resolve(this.closed);
      for (const resolve of this.#closeWaiters.splice(0)) resolve(this.closed);
    });
    ws.on('error', () => {});
  }

  /** Opens a connection; `{ refused }` with the HTTP status when the upgrade is refused. */
  static open(url: string, hooks: ConnectionHooks): Promise<FuzzConnection | { refused: number }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: OPEN_TIMEOUT_MS });
      const connection = new FuzzConnection(ws, hooks);
      ws.once('open', () => resolve(connection));
      ws.once('unexpected-response', (_request, response) => {
        resolve({ refused: response.statusCode ?? 0 });
        response.resume();
        ws.terminate();
      });
      ws.once('error', (error) => reject(error));
    });
  }

  /** Puts `wire` on the socket. */
  send(wire: Wire): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const socket = (this.ws as unknown as { _socket: Socket })._socket;
    switch (wire.kind) {
      case 'text':
        this.ws.send(wire.bytes, { binary: false });
        return;
      case 'binary':
        this.ws.send(wire.bytes, { binary: true });
        return;
      case 'fragments':
        wire.parts.forEach((part, i) => {
          if (i > 0 && wire.pings) this.ws.ping();
          this.ws.send(part, { binary: false, fin: i === wire.parts.length - 1 });
        });
        return;
      case 'flood':
        socket.cork();
        for (const text of wire.texts) this.ws.send(text);
        process.nextTick(() => socket.uncork());
        return;
      case 'raw':
        socket.write(wire.bytes);
        return;
    }
  }

  /**
   * The next frame matching `match` (among the last few nobody waited for, or arriving), or the
   * close, or `undefined` after `timeoutMs`.
   */
  next(match: (f: ServerFrame) => boolean, timeoutMs: number): Promise<ServerFrame | Close | undefined> {
    const queued = this.#unwaited.findIndex(match);
    if (queued >= 0) return Promise.resolve(this.#unwaited.splice(queued, 1)[0]);
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        resolve(undefined);
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** The close, or `undefined` after `timeoutMs`. */
  waitClosed(timeoutMs: number): Promise<Close | undefined> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.#closeWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000, 'done');
    else this.ws.terminate();
  }

  terminate(): void {
    this.ws.terminate();
  }
}

export function isClose(value: ServerFrame | Close | undefined): value is Close {
  return value !== undefined && 'code' in value && !('t' in value);
}
