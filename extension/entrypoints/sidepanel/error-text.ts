/** One sentence a person can act on, for any failure in the panel (no stack, no crypto detail). */
const CODES: Record<string, string> = {
  expired: 'This room has expired.',
  not_found: 'That room or key does not exist (any more).',
  forbidden: 'This wallet may not join with that key.',
  room_full: 'The room is full.',
  no_live_ghosts: 'None of these ghostIds is live: ask for fresh ones.',
  quote_expired: 'The price quote expired: request a new one.',
  payment_invalid: 'The payment did not match the quote.',
  payment_not_found: 'The payment was not found on chain.',
  payment_failed: 'The payment failed.',
  rate_limited: 'Too many requests: wait a moment and try again.',
  unavailable: 'The server cannot do this right now.',
};

export function describePanelError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { name, code, message } = error as { name?: string; code?: string; message?: string };
    if (code && CODES[code]) return CODES[code];
    if (name === 'NotConnectedError' || name === 'RequestTimeoutError')
      return 'The AnoGhost server is unreachable. Try again in a moment.';
    if (message) return message;
  }
  return 'Something went wrong.';
}
