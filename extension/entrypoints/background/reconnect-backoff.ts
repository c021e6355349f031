/**
 * Reconnect delays: exponential from 1 s to 30 s with full jitter, so that many extensions that
 * lost the same server do not all come back in the same second.
 */
export const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 30_000;

/** The delay before attempt `attempt` (0 = the first retry); `random` in [0, 1). */
export function computeReconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt, 16));
  return Math.round(BASE_DELAY_MS / 2 + random() * (ceiling - BASE_DELAY_MS / 2));
}
