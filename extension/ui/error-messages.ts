/**
 * Turns any failure into one sentence a person can act on (STYLE.md §7: no stack, no crypto
 * detail). One table for the server's error codes (PROTOCOL.md §5), used by the background and the
 * side panel alike: both hold a client of the library. Errors of our own (wallet bridge, server
 * probe, background requests) already carry such a sentence as their message.
 */
import {
  ChallengeRefusedError,
  NotConnectedError,
  ProtocolError,
  RequestTimeoutError,
  SignInRequiredError,
} from '../../shared/client/index.ts';
import type { ErrorCode } from '../../shared/protocol/error-codes.ts';

/** How Solana says a payer cannot pay: no lamports at all, or too few. */
const INSUFFICIENT_FUNDS = /insufficient|prior credit|debit/i;

const SERVER_ERRORS: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'The server refused the sign-in. Connect the wallet again.',
  rate_limited: 'Too many requests: wait a moment and try again.',
  expired: 'This room has expired.',
  not_found: 'That room or key does not exist (any more).',
  room_full: 'The room is full.',
  no_live_ghosts: 'None of these ghostIds is live: ask for fresh ones.',
  quote_expired: 'The price quote expired: request a new one.',
  payment_invalid: 'The payment did not match the quote.',
  payment_not_found: 'The payment was not found on chain.',
  payment_failed: 'The payment failed.',
  unavailable: 'The server cannot do this right now.',
};

export function describeError(error: unknown): string {
  if (error instanceof ProtocolError) {
    // `forbidden` covers several rules (the room limit, a key not held, another's quote): say which.
    if (error.code === 'forbidden') return `Not allowed: ${error.message}.`;
    // The chain's words for an empty wallet (the side panel adds the amount: paid-redeem.ts).
    if (error.code === 'payment_failed' && INSUFFICIENT_FUNDS.test(error.message))
      return 'Not enough SOL in your wallet for this payment. Nothing was paid.';
    return SERVER_ERRORS[error.code] ?? `The server said: ${error.message}`;
  }
  if (error instanceof RequestTimeoutError || error instanceof NotConnectedError)
    return 'The AnoGhost server is unreachable. Check the server URL in the options, or try again later.';
  if (error instanceof SignInRequiredError) return 'The wallet did not sign the sign-in message.';
  if (error instanceof ChallengeRefusedError)
    return `The server ${error.problem}. AnoGhost refused to sign in; your wallet was not asked.`;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
