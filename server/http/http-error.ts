/** HTTP error bodies share the WebSocket error shape: `{"t":"error","code","message"}`. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../../shared/protocol/error-codes.ts';

export function replyError(c: Context, status: ContentfulStatusCode, code: ErrorCode, message: string) {
  return c.json({ t: 'error', code, message }, status);
}
