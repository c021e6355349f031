/**
 * Reconnect delays: exponential backoff with "full jitter" (a random delay between half and all of
 * the exponential step), so many clients cut off at once do not all return at the same moment.
 */

/** Backoff settings, in ms. */
export interface BackoffOptions {
  /** First step. Default 500 ms. */
  baseMs?: number;
  /** Ceiling of any step. Default 30 s. */
  maxMs?: number;
}

export const DEFAULT_BACKOFF_BASE_MS = 500;
export const DEFAULT_BACKOFF_MAX_MS = 30_000;

/**
 * The delay before reconnect attempt `attempt` (0 = first): a value in
 * `[step / 2, step]` where `step = min(maxMs, baseMs · 2^attempt)`. `random` returns [0, 1).
 */
export function computeBackoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const max = options.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
  const step = Math.min(max, base * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(step / 2 + random() * (step / 2));
}
