/**
 * Keep-alive (PROTOCOL.md §2, DESIGN.md "background"): a `ping` every interval (20 s by default,
 * which also keeps an MV3 service worker alive), and a dead-connection check: when nothing at all
 * came from the server for two intervals and a second, the socket is given up.
 */
import type { Timers } from './pending-requests.ts';

const SILENCE_GRACE_MS = 1000;

/** Options of `KeepAlive`. */
export interface KeepAliveOptions {
  intervalMs: number;
  timers: Timers;
  now: () => number;
  sendPing(): void;
  /** The server fell silent: drop the socket and reconnect. */
  onSilent(): void;
}

/** See the module header. */
export class KeepAlive {
  readonly #o: KeepAliveOptions;
  #timer: unknown;
  #lastHeardAt = 0;

  constructor(options: KeepAliveOptions) {
    this.#o = options;
  }

  /** Any frame arrived. */
  heard(): void {
    this.#lastHeardAt = this.#o.now();
  }

  start(): void {
    this.stop();
    this.heard();
    this.#timer = this.#o.timers.setTimeout(() => this.#tick(), this.#o.intervalMs);
  }

  stop(): void {
    this.#o.timers.clearTimeout(this.#timer);
  }

  #tick(): void {
    const { intervalMs, now } = this.#o;
    if (now() - this.#lastHeardAt > 2 * intervalMs + SILENCE_GRACE_MS) {
      this.#o.onSilent();
      return;
    }
    this.#o.sendPing();
    this.#timer = this.#o.timers.setTimeout(() => this.#tick(), intervalMs);
  }
}
