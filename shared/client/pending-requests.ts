/**
 * Request/reply correlation (PROTOCOL.md conventions: "every reply to it echoes it"): each request
 * gets a fresh id; the reply frame with that id resolves its promise, an `error` frame with that id
 * rejects it with a `ProtocolError`, and silence rejects it with a `RequestTimeoutError`.
 */
import type { RequestId } from '../protocol/fields.ts';
import type { ServerFrame, ServerFrameOf } from '../protocol/server-frames.ts';
import { NotConnectedError, ProtocolError, RequestTimeoutError } from './client-errors.ts';

/** Timer functions, injectable for tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_TIMERS: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

interface Pending {
  replyTypes: readonly string[];
  resolve(frame: ServerFrame): void;
  reject(error: Error): void;
  timer: unknown;
}

/** Tracks requests in flight on one client (ids stay unique across reconnects). */
export class PendingRequests {
  readonly #pending = new Map<RequestId, Pending>();
  readonly #timers: Timers;
  #counter = 0;

  constructor(timers: Timers = SYSTEM_TIMERS) {
    this.#timers = timers;
  }

  /** A request id not used before by this client. */
  nextId(): string {
    this.#counter += 1;
    return `c${this.#counter}`;
  }

  /** Number of requests awaiting a reply. */
  get size(): number {
    return this.#pending.size;
  }

  /** Waits for the reply to request `id` whose `t` is one of `replyTypes`. */
  track<T extends ServerFrame['t']>(
    id: RequestId,
    replyTypes: readonly T[],
    timeoutMs: number,
  ): Promise<ServerFrameOf<T>> {
    return new Promise<ServerFrameOf<T>>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        this.#pending.delete(id);
        reject(new RequestTimeoutError(`no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { replyTypes, resolve: resolve as (f: ServerFrame) => void, reject, timer });
    });
  }

  /** Settles the request this frame answers, if any; true when it did. */
  settle(frame: ServerFrame): boolean {
    const id = 'id' in frame ? frame.id : undefined;
    if (id === undefined) return false;
    const pending = this.#pending.get(id);
    if (!pending) return false;
    if (frame.t === 'error') {
      this.#finish(id, pending);
      pending.reject(new ProtocolError(frame.code, frame.message));
      return true;
    }
    if (!pending.replyTypes.includes(frame.t)) return false;
    this.#finish(id, pending);
    pending.resolve(frame);
    return true;
  }

  /** Rejects one request (e.g. it could not be sent). */
  fail(id: RequestId, error: Error): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#finish(id, pending);
    pending.reject(error);
  }

  /** Rejects every request in flight (the connection closed). */
  failAll(error: Error = new NotConnectedError('the connection closed')): void {
    for (const [id, pending] of [...this.#pending]) {
      this.#finish(id, pending);
      pending.reject(error);
    }
  }

  #finish(id: RequestId, pending: Pending): void {
    this.#timers.clearTimeout(pending.timer);
    this.#pending.delete(id);
  }
}
