/**
 * Warn lines for refused connections: an operator must see that a cap was hit (issue #10: nothing
 * was logged), but a flood must not flood the log. The first refusal of a kind is logged at once;
 * later ones within `intervalMs` are counted and reported in one line when the interval ends.
 * A line names the cap and how many were refused, never who.
 */
import type { Logger } from './logger.ts';

const WARN_INTERVAL_MS = 10_000;

/** Which cap refused: per address, or for the whole server. */
export type CapKind =
  | 'connections per address'
  | 'pending sign-ins per address'
  | 'sign-in rate per address'
  | 'connections'
  | 'sockets';

interface KindState {
  lastLineAt: number;
  unreported: number;
  timer: NodeJS.Timeout | undefined;
}

export class CapWarnings {
  readonly #kinds = new Map<CapKind, KindState>();

  constructor(
    private readonly logger: Logger,
    private readonly limits: Readonly<Record<CapKind, number>>,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = WARN_INTERVAL_MS,
  ) {}

  /** One refusal by the `kind` cap. */
  hit(kind: CapKind): void {
    let state = this.#kinds.get(kind);
    if (!state) {
      state = { lastLineAt: -Infinity, unreported: 0, timer: undefined };
      this.#kinds.set(kind, state);
    }
    state.unreported += 1;
    const now = this.now();
    if (now - state.lastLineAt >= this.intervalMs) this.#report(kind, state, now);
    else if (!state.timer) {
      const wait = state.lastLineAt + this.intervalMs - now;
      state.timer = setTimeout(() => this.#report(kind, state, this.now()), wait);
      state.timer.unref();
    }
  }

  stop(): void {
    for (const state of this.#kinds.values()) clearTimeout(state.timer);
    this.#kinds.clear();
  }

  #report(kind: CapKind, state: KindState, now: number): void {
    clearTimeout(state.timer);
    state.timer = undefined;
    if (state.unreported === 0) return;
    // `refused`: refusals since the previous line of this kind.
    this.logger.warn(
      { cap: kind, limit: this.limits[kind], refused: state.unreported },
      'connection cap reached: refusing',
    );
    state.unreported = 0;
    state.lastLineAt = now;
  }
}
