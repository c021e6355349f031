/**
 * Request/reply correlation with the server (PROTOCOL.md conventions: "every reply to it echoes
 * it"): each request gets a fresh id; the reply frame with that id resolves its promise, an
 * `error` frame with that id rejects it with a `ProtocolError`, and silence rejects it with a
 * `RequestTimeoutError`. The waiting itself is `PendingReplies`; this adds server frames.
 */
import type { RequestId } from '../protocol/fields.ts';
import type { ServerFrame, ServerFrameOf } from '../protocol/server-frames.ts';
import { NotConnectedError, ProtocolError, RequestTimeoutError } from './client-errors.ts';
import { PendingReplies, SYSTEM_TIMERS, type Timers } from './pending-replies.ts';

// Their home is pending-replies.ts; the connection and the rooms import them from here.
export { SYSTEM_TIMERS, type Timers } from './pending-replies.ts';

/** Tracks requests in flight on one client (ids stay unique across reconnects). */
export class PendingRequests {
  readonly #replies: PendingReplies<ServerFrame, RequestId>;
  #counter = 0;

  constructor(timers: Timers = SYSTEM_TIMERS) {
    this.#replies = new PendingReplies(timers);
  }

  /** A request id not used before by this client. */
  nextId(): string {
    this.#counter += 1;
    return `c${this.#counter}`;
  }

  /** Number of requests awaiting a reply. */
  get size(): number {
    return this.#replies.size;
  }

  /** Waits for the reply to request `id` whose `t` is one of `replyTypes`. */
  track<T extends ServerFrame['t']>(
    id: RequestId,
    replyTypes: readonly T[],
    timeoutMs: number,
  ): Promise<ServerFrameOf<T>> {
    const types: readonly string[] = replyTypes;
    const reply = this.#replies.wait(id, {
      timeoutMs,
      timeoutError: () => new RequestTimeoutError(`no reply within ${timeoutMs} ms`),
      accepts: (frame) => types.includes(frame.t),
    });
    return reply as Promise<ServerFrameOf<T>>; // `accepts` let only frames of `replyTypes` through
  }

  /** Settles the request this frame answers, if any; true when it did. */
  settle(frame: ServerFrame): boolean {
    const id = 'id' in frame ? frame.id : undefined;
    if (id === undefined) return false;
    if (frame.t === 'error') return this.#replies.reject(id, new ProtocolError(frame.code, frame.message));
    return this.#replies.resolve(id, frame);
  }

  /** Rejects one request (e.g. it could not be sent). */
  fail(id: RequestId, error: Error): void {
    this.#replies.reject(id, error);
  }

  /** Rejects every request in flight (the connection closed). */
  failAll(error: Error = new NotConnectedError('the connection closed')): void {
    this.#replies.rejectAll(error);
  }
}
