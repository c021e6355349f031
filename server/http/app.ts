/**
 * The Hono application: HTTP routes of PROTOCOL.md §1 and one error handler. Routes, the body
 * limit and unknown paths all refuse with a `ProtocolError`, rendered by http-error.ts.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_HTTP_BODY_BYTES } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { GhostIds } from '../ghost/ghost-ids.ts';
import type { Logger } from '../log/logger.ts';
import { addConnectPage } from './connect-page.ts';
import { addGhostRoutes } from './ghost-routes.ts';
import { errorResponse, handleHttpError } from './http-error.ts';
import type { RateLimit } from './ip-rate-limit.ts';
import { addJoinPage } from './join-page.ts';

export interface HealthInfo {
  version: string;
  cluster: string;
  store: 'memory' | 'redis';
  epochSeconds: number;
  epochWindow: number;
  /** Where payments go (base58); absent when paid chats are off. Clients pin it per server. */
  treasury?: string;
}

export interface AppDeps {
  health: HealthInfo;
  ghostIds: GhostIds;
  checkLimit: RateLimit;
  /** Peers whose `X-Forwarded-For` names the client (ANOGHOST_TRUST_PROXY). */
  trustedProxies: ReadonlySet<string>;
  /** Whether Redis is reachable now; absent in memory mode. */
  redisReachable?: () => boolean;
  logger: Logger;
}

/** The app with its routes; `addDevRoutes` may add more (the error handler covers them too). */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_HTTP_BODY_BYTES,
      onError: () => {
        throw new ProtocolError('too_large', `bodies are limited to ${MAX_HTTP_BODY_BYTES} bytes`);
      },
    }),
  );
  app.get('/v1/health', (c) => {
    const reachable = deps.redisReachable;
    return c.json(
      reachable ? { ok: true, ...deps.health, redisReachable: reachable() } : { ok: true, ...deps.health },
    );
  });
  addGhostRoutes(app, deps.ghostIds, deps.checkLimit, deps.trustedProxies);
  addConnectPage(app);
  addJoinPage(app);
  app.notFound((c) => errorResponse(c, new ProtocolError('not_found', 'no such endpoint')));
  app.onError(handleHttpError(deps.logger));
  return app;
}
