/**
 * HTTP error replies (PROTOCOL.md §1, §5). Routes throw a `ProtocolError`, as the WebSocket
 * handlers do, and the app's one `onError` (`handleHttpError`) renders it here: the WebSocket
 * error shape `{"t":"error","code","message"}` with the status its code maps to. Anything else is
 * logged by its name only (third-party messages may name accounts) and answered 500 `internal`.
 */
import type { Context, ErrorHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../../shared/protocol/error-codes.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { ServerFrameOf } from '../../shared/protocol/server-frames.ts';
import type { Logger } from '../log/logger.ts';

/**
 * The HTTP status of each error code. Routes today use bad_request, not_found, too_large,
 * rate_limited, unavailable and internal; the rest map to the nearest status for the day a route
 * refuses with them.
 */
export const HTTP_STATUS_OF: { readonly [C in ErrorCode]: ContentfulStatusCode } = {
  bad_request: 400,
  unauthorized: 401,
  payment_not_found: 402,
  payment_failed: 402,
  forbidden: 403,
  not_found: 404,
  room_full: 409,
  stale_epoch: 409,
  expired: 410,
  quote_expired: 410,
  invite_expired: 410,
  too_large: 413,
  no_live_ghosts: 422,
  payment_invalid: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** The reply to a refused request: its code's status, the code and message only. */
export function errorResponse(c: Context, error: ProtocolError): Response {
  const body = { t: 'error', code: error.code, message: error.message } satisfies ServerFrameOf<'error'>;
  return c.json(body, HTTP_STATUS_OF[error.code]);
}

/** The app's `onError`: renders a `ProtocolError`; any other error becomes 500 `internal`. */
export function handleHttpError(logger: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof ProtocolError) return errorResponse(c, error);
    logger.error({ err: error.name, path: c.req.routePath }, 'request failed');
    return errorResponse(c, new ProtocolError('internal', 'the server could not handle this request'));
  };
}
