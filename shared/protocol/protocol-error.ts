/**
 * A refusal with an error code of PROTOCOL.md §5, on both sides of the wire. The server's handlers
 * throw it and the session turns it into one `{"t":"error","code",…}` frame in one place (HTTP
 * routes throw it too, and one `onError` renders it); the client library rejects a request with it
 * when the server answered with an error frame. Messages are for people and never carry crypto
 * detail, a stack or anyone's identity. `epoch` travels with `stale_epoch` (the room's counter now).
 */
import type { ErrorCode } from './error-codes.ts';

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  /** The room's current handshake counter, for `stale_epoch` (PROTOCOL.md §3). */
  readonly epoch: number | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; epoch?: number },
  ) {
    super(message, options);
    this.epoch = options?.epoch;
  }
}
