/**
 * A refusal that becomes `{"t":"error","code",…}` for the client (PROTOCOL.md §5). Handlers throw
 * it; the session turns it into one error frame in one place. Messages are for people and never
 * carry crypto detail, a stack or anyone's identity.
 */
import type { ErrorCode } from '../../shared/protocol/error-codes.ts';

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
