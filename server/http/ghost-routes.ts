/** `POST /v1/ghosts/check` (PROTOCOL.md §1): the same rules as the `check` frame, rate-limited per IP. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { MAX_CHECK_GHOSTS } from '../../shared/protocol/limits.ts';
import type { GhostIds } from '../ghost/ghost-ids.ts';
import { replyError } from './http-error.ts';
import type { RateLimit } from './ip-rate-limit.ts';

const CheckBody = v.object({
  ghostIds: v.pipe(
    v.array(v.pipe(v.string('ghostIds must hold strings'), v.maxLength(256, 'ghostId is too long'))),
    v.maxLength(MAX_CHECK_GHOSTS, `at most ${MAX_CHECK_GHOSTS} ghostIds per check`),
  ),
});

export function addGhostRoutes(app: Hono, ghostIds: GhostIds, limit: RateLimit): void {
  app.post('/v1/ghosts/check', async (c) => {
    const address = getConnInfo(c).remote.address ?? 'unknown';
    const allowed = limit.take(address);
    if (!(allowed === true || (allowed !== false && (await allowed))))
      return replyError(c, 429, 'rate_limited', 'too many checks: slow down');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return replyError(c, 400, 'bad_request', 'body must be JSON');
    }
    const parsed = v.safeParse(CheckBody, body);
    if (!parsed.success) return replyError(c, 400, 'bad_request', parsed.issues[0].message);
    try {
      await ghostIds.prepare(parsed.output.ghostIds);
    } catch {
      return replyError(c, 503, 'unavailable', 'ghostIds cannot be checked right now; try again');
    }
    return c.json({ live: parsed.output.ghostIds.map((ghostId) => ghostIds.isLive(ghostId)) });
  });
}
