/** Turns any failure into one sentence a person can act on (STYLE.md §7: no stack, no crypto detail). */
import { ProtocolError } from '../../../shared/client/index.ts';
import { ServerUnreachableError } from '../../client/server-probe.ts';
import { WalletBridgeError } from './wallet-bridge.ts';

const SERVER_ERRORS: Record<string, string> = {
  unauthorized: 'The server refused the sign-in. Connect the wallet again.',
  rate_limited: 'Too many requests: wait a moment and try again.',
  expired: 'This room has expired.',
  not_found: 'Not found: the room or key does not exist (any more).',
  forbidden: 'This wallet may not do that.',
  no_live_ghosts: 'None of these ghostIds is live: ask for fresh ones.',
  quote_expired: 'The price quote expired: request a new one.',
  payment_invalid: 'The payment did not match the quote.',
  payment_not_found: 'The payment was not found on chain.',
  payment_failed: 'The payment failed.',
};

export function describeError(error: unknown): string {
  if (error instanceof WalletBridgeError || error instanceof ServerUnreachableError) return error.message;
  if (error instanceof ProtocolError) return SERVER_ERRORS[error.code] ?? `The server said: ${error.message}`;
  if (error instanceof Error) {
    if (error.name === 'RequestTimeoutError' || error.name === 'NotConnectedError')
      return 'The AnoGhost server is unreachable. Check the server URL in the options, or try again later.';
    if (error.name === 'SignInRequiredError') return 'The wallet did not sign the sign-in message.';
    return error.message;
  }
  return 'Something went wrong.';
}
