/** `POST /v1/ghosts/check` (PROTOCOL.md §1): the same rules as the `check` frame, rate-limited per IP. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { CheckGhostIds } from '../../shared/protocol/client-frames.ts';
import type { GhostIds } from '../ghost/ghost-ids.ts';
import { clientAddress } from './client-address.ts';
import { replyError } from './http-error.ts';
import type { RateLimit } from './ip-rate-limit.ts';
import { readJsonBody } from './json-body.ts';

const CheckBody = v.object({ ghostIds: CheckGhostIds });

export function addGhostRoutes(
  app: Hono,
  ghostIds: GhostIds,
  limit: RateLimit,
  trustedProxies: ReadonlySet<string>,
): void {
  app.post('/v1/ghosts/check', async (c) => {
    const address = clientAddress(
      getConnInfo(c).remote.address,
      c.req.header('x-forwarded-for'),
      trustedProxies,
    );
    if (!(await limit.take(address))) return replyError(c, 429, 'rate_limited', 'too many checks: slow down');
    const parsed = await readJsonBody(c, CheckBody);
    if (!parsed.ok) return parsed.reply;
    try {
      await ghostIds.prepare(parsed.value.ghostIds);
    } catch {
      return replyError(c, 503, 'unavailable', 'ghostIds cannot be checked right now; try again');
    }
    return c.json({ live: parsed.value.ghostIds.map((ghostId) => ghostIds.isLive(ghostId)) });
  });
}
