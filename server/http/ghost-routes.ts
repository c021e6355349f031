/** `POST /v1/ghosts/check` (PROTOCOL.md §1): the same rules as the `check` frame, rate-limited per IP. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { CheckGhostIds } from '../../shared/protocol/client-frames.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { GhostIds } from '../ghost/ghost-ids.ts';
import { clientAddress } from './client-address.ts';
import type { RateLimit } from './ip-rate-limit.ts';
import { readJsonBody } from './json-body.ts';

const CheckBody = v.object({ ghostIds: CheckGhostIds });

/** Adds the presence check; refusals are thrown and rendered by `app.onError`. */
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
    if (!(await limit.take(address))) throw new ProtocolError('rate_limited', 'too many checks: slow down');
    const body = await readJsonBody(c, CheckBody);
    try {
      await ghostIds.prepare(body.ghostIds);
    } catch (error) {
      throw new ProtocolError('unavailable', 'ghostIds cannot be checked right now; try again', {
        cause: error,
      });
    }
    return c.json({ live: body.ghostIds.map((ghostId) => ghostIds.isLive(ghostId)) });
  });
}
