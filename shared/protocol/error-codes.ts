/** Error codes of PROTOCOL.md §5 and WebSocket close codes used by the server. */

export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'rate_limited',
  'not_found',
  'forbidden',
  'expired',
  'room_full',
  'too_large',
  'no_live_ghosts',
  'quote_expired',
  'payment_invalid',
  'payment_not_found',
  'payment_failed',
  'unavailable',
  'internal',
  'stale_epoch',
  'invite_expired',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes (PROTOCOL.md §2, §5). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001,
  tooBig: 1009,
  tooSlow: 1013,
  /** "Try Again Later": a sign-in over its address's rate (docs/protocol.md §5). */
  tryAgainLater: 1013,
  badInput: 4400,
  unauthorized: 4401,
  rateLimited: 4408,
  idle: 1000,
} as const;
