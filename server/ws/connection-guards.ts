/**
 * The connection caps of one server, assembled from its config and its descriptor limit
 * (DESIGN.md "Reliability and abuse"): the budget (config/descriptor-limit.ts), the WebSocket caps
 * the upgrade endpoint checks (connection-caps.ts), the raw-socket limits and HTTP timeouts of the
 * HTTP server (http/socket-limits.ts), and the warn lines they share (log/cap-warnings.ts).
 */
import type { Server } from 'node:http';
import type { Config } from '../config/config.ts';
import { readDescriptorLimit, type SocketBudget, socketBudget } from '../config/descriptor-limit.ts';
import { HTTP_TIMEOUTS, type HttpTimeouts, limitSockets } from '../http/socket-limits.ts';
import { CapWarnings } from '../log/cap-warnings.ts';
import type { Logger } from '../log/logger.ts';
import { ConnectionCaps } from './connection-caps.ts';
import type { EndpointGuards } from './ws-endpoint.ts';

export interface ConnectionGuards extends EndpointGuards {
  budget: SocketBudget;
  timeouts: HttpTimeouts;
  /** Applies the raw-socket limits to the HTTP server; call before it accepts. */
  limit(server: Server): void;
  stop(): void;
}

export interface GuardOptions {
  logger: Logger;
  now: () => number;
  trustedProxies: ReadonlySet<string>;
  signInDeadlineMs: number;
  /** Shorter HTTP timeouts than `HTTP_TIMEOUTS` (tests). */
  httpTimeouts?: Partial<HttpTimeouts>;
}

/** Reads the descriptor limit and builds the caps; a limit too low to serve throws `ConfigError`. */
export function createConnectionGuards(config: Config, options: GuardOptions): ConnectionGuards {
  const budget = socketBudget(readDescriptorLimit(), config.maxConnections);
  const warnings = new CapWarnings(options.logger, {
    'connections per address': config.maxConnectionsPerAddress,
    'pending sign-ins per address': config.maxPendingPerAddress,
    'sign-in rate per address': config.signInRate,
    connections: budget.webSockets,
    sockets: budget.sockets,
  });
  const caps = new ConnectionCaps(
    {
      webSockets: budget.webSockets,
      perAddress: config.maxConnectionsPerAddress,
      pendingPerAddress: config.maxPendingPerAddress,
      signInRate: config.signInRate,
      retryAfterSeconds: Math.ceil(options.signInDeadlineMs / 1000),
    },
    warnings,
    options.now,
  );
  const timeouts = { ...HTTP_TIMEOUTS, ...options.httpTimeouts };
  return {
    budget,
    caps,
    timeouts,
    limit(server) {
      limitSockets(server, {
        perAddress: config.maxConnectionsPerAddress,
        sockets: budget.sockets,
        keepAliveMs: timeouts.keepAliveMs,
        trustedProxies: options.trustedProxies,
        warnings,
      });
    },
    stop() {
      caps.stop();
      warnings.stop();
    },
  };
}
