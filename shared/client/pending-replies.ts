/**
 * Replies awaited by request id, each with a deadline: the transport-free core of request/reply
 * correlation. `PendingRequests` builds the server's frames on it (PROTOCOL.md conventions); the
 * extension's wallet bridge uses it for its runtime port. A reply for an id no longer awaited
 * (answered, failed or timed out) settles nothing.
 */

/** Timer functions, injectable for tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_TIMERS: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** How one request waits for its reply. */
export interface WaitOptions<T> {
  /** How long to wait (ms). */
  timeoutMs: number;
  /** The error the request fails with when no reply came within `timeoutMs`. */
  timeoutError(): Error;
  /** Whether `value` is a reply to this request (default: any value is); others leave it waiting. */
  accepts?(value: T): boolean;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  accepts(value: T): boolean;
  timer: unknown;
}

/** The requests in flight on one channel, by id; ids are the caller's and must be unique. */
export class PendingReplies<T, Id = string> {
  readonly #waiting = new Map<Id, Waiter<T>>();
  readonly #timers: Timers;

  constructor(timers: Timers = SYSTEM_TIMERS) {
    this.#timers = timers;
  }

  /** Number of requests awaiting a reply. */
  get size(): number {
    return this.#waiting.size;
  }

  /** Waits for the reply to request `id`; fails with `timeoutError()` after `timeoutMs`. */
  wait(id: Id, { timeoutMs, timeoutError, accepts = () => true }: WaitOptions<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        this.#waiting.delete(id);
        reject(timeoutError());
      }, timeoutMs);
      this.#waiting.set(id, { resolve, reject, accepts, timer });
    });
  }

  /** Answers request `id` with `value` if it awaits one it accepts; true when it did. */
  resolve(id: Id, value: T): boolean {
    const waiter = this.#waiting.get(id);
    if (!waiter?.accepts(value)) return false;
    this.#finish(id, waiter);
    waiter.resolve(value);
    return true;
  }

  /** Fails request `id` with `error` if it is in flight; true when it was. */
  reject(id: Id, error: Error): boolean {
    const waiter = this.#waiting.get(id);
    if (!waiter) return false;
    this.#finish(id, waiter);
    waiter.reject(error);
    return true;
  }

  /** Fails every request in flight with `error` (the channel closed). */
  rejectAll(error: Error): void {
    for (const [id, waiter] of [...this.#waiting]) {
      this.#finish(id, waiter);
      waiter.reject(error);
    }
  }

  #finish(id: Id, waiter: Waiter<T>): void {
    this.#timers.clearTimeout(waiter.timer);
    this.#waiting.delete(id);
  }
}
