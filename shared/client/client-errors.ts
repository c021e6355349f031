/** Named errors of the client library; each carries what a caller needs to react, never secrets. */

/** The server answered a request with `{"t":"error","code"}` (PROTOCOL.md §5): one class on both sides. */
export { ProtocolError } from '../protocol/protocol-error.ts';

/** A request got no reply in time. */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
}

/** The connection closed (or was not open) before a request could complete. */
export class NotConnectedError extends Error {
  override name = 'NotConnectedError';
}

/** Sign-in needs the wallet (no usable credentials) but none was given, or the wallet failed. */
export class SignInRequiredError extends Error {
  override name = 'SignInRequiredError';
}

/**
 * The server's `challenge` must not be signed (another domain than the server's host, an unknown
 * cluster): refused before the wallet is asked. `problem` follows "The server …".
 */
export class ChallengeRefusedError extends Error {
  override name = 'ChallengeRefusedError';
  constructor(readonly problem: string) {
    super(`sign-in refused before asking the wallet: the server ${problem}`);
  }
}

/** A share code or join link could not be read; `message` is fit to show to a person. */
export class InvalidShareInputError extends Error {
  override name = 'InvalidShareInputError';
}

/** A room operation that is not possible in the room's current state (closed, rejoining, …). */
export class RoomStateError extends Error {
  override name = 'RoomStateError';
}

/** A frame from the server failed validation; it was dropped. */
export class InvalidServerFrameError extends Error {
  override name = 'InvalidServerFrameError';
}
