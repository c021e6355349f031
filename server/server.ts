/**
 * Assembles and starts the server: data dir and master key, ghost identity, sessions, HTTP and
 * WebSocket endpoints, and the store: in memory, or Redis when `ANOGHOST_REDIS_URL` is set
 * (several instances then act as one; DESIGN.md "Scaling out"). Used by `main.ts`, by tests
 * (port 0) and by benchmarks.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { IDLE_CLOSE_MS, SIGN_IN_DEADLINE_MS } from '../shared/protocol/limits.ts';
import { signInChainOf } from '../shared/sign-in/chain-ids.ts';
import { findChainState } from './chain/chain-connection.ts';
import { loadTreasury } from './chain/treasury.ts';
import type { Config } from './config/config.ts';
import { loadMasterKey, prepareDataDir } from './config/data-dir.ts';
import { KeyCheck } from './config/key-check.ts';
import { InvitationKeys } from './crypto/invitation-keys.ts';
import { EpochClock, EpochKeyring } from './ghost/epoch-keys.ts';
import { GhostIds } from './ghost/ghost-ids.ts';
import { createApp } from './http/app.ts';
import { type AirdropLimits, addDevRoutes } from './http/dev-routes.ts';
import { IpRateLimit } from './http/ip-rate-limit.ts';
import { type HttpTimeouts, httpServerOptions } from './http/socket-limits.ts';
import type { Logger } from './log/logger.ts';
import { MemoryInvitationStore } from './paid/invitation-store.ts';
import { setUpPaidChats } from './paid/paid-setup.ts';
import { createRoomHandlers } from './rooms/room-handlers.ts';
import { RoomService } from './rooms/room-service.ts';
import { startRotation } from './session/ghost-rotation.ts';
import { createSessionHandlers } from './session/session-handlers.ts';
import { SessionRegistry } from './session/session-registry.ts';
import { startSweeper } from './session/session-sweeper.ts';
import { startRedisStore } from './store/redis-store.ts';
import { createConnectionGuards } from './ws/connection-guards.ts';
import { attachWebSocketEndpoint } from './ws/ws-endpoint.ts';

const CHECK_RATE_PER_IP = 20; // requests per second, burst twice that

export interface ServerOptions {
  logger: Logger;
  /** Test hooks: shorter deadlines than the protocol's defaults. */
  signInDeadlineMs?: number;
  idleMs?: number;
  /** Length of one room-ttl second in ms (1000; tests shorten it to see rooms expire). */
  roomSecondMs?: number;
  /** Shorter HTTP timeouts than `HTTP_TIMEOUTS` (slowloris tests). */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** Test hook: smaller dev-airdrop limits than the documented ones. */
  airdropLimits?: AirdropLimits;
  /** `false` runs without the chain (no paid chats): tests of other parts, benchmarks. */
  paidChats?: boolean;
  now?: () => number;
  onGhostsPushed?: (sessions: number, ms: number) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  domain: string;
  registry: SessionRegistry;
  keyring: EpochKeyring;
  rooms: RoomService;
  /** The JSON-RPC URL of the chain in use (the embedded one by default). */
  chainUrl: string | undefined;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: ServerOptions): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const trustedProxies: ReadonlySet<string> = new Set(config.trustProxy);
  const signInDeadlineMs = options.signInDeadlineMs ?? SIGN_IN_DEADLINE_MS;
  const guards = createConnectionGuards(config, { ...options, now, trustedProxies, signInDeadlineMs });
  await prepareDataDir(config.dataDir);
  // Keys before the chain starts: a refusal must leave the chain state as it was.
  const keyCheck = await KeyCheck.open(config.dataDir, findChainState(config));
  const masterKey = await loadMasterKey(config.dataDir, config.masterKey, keyCheck);
  const treasury =
    options.paidChats === false
      ? undefined
      : await loadTreasury(config.dataDir, config.treasuryKeyPath, keyCheck);
  if (keyCheck.save()) {
    options.logger.warn('keys.check written: a missing or other key next to this chain now refuses to start');
  }
  const keyring = new EpochKeyring(
    new EpochClock({ epochSeconds: config.epochSeconds, epochWindow: config.epochWindow, now }),
  );
  const ghostIds = new GhostIds(keyring);
  const invitationKeys = new InvitationKeys(masterKey);
  const registry = new SessionRegistry((wallet) => invitationKeys.walletName(wallet));
  const store = config.redisUrl
    ? await startRedisStore({
        url: config.redisUrl,
        allowPersistence: config.redisAllowPersistence,
        masterKey,
        keyring,
        logger: options.logger,
        checkRate: { perSecond: CHECK_RATE_PER_IP, burst: CHECK_RATE_PER_IP * 2 },
        now,
      })
    : undefined;
  const checkLimit = store?.checkLimit ?? new IpRateLimit(CHECK_RATE_PER_IP, CHECK_RATE_PER_IP * 2, now);
  const paid = treasury
    ? await setUpPaidChats({
        config,
        masterKey,
        treasury,
        ghostIds,
        registry,
        invitationKeys,
        invitationStore: store?.invitations ?? new MemoryInvitationStore(now),
        now,
        logger: options.logger,
      })
    : undefined;
  const app = createApp({
    ...(store ? { redisReachable: () => store.reachable } : {}),
    health: {
      version: readVersion(),
      cluster: config.cluster,
      store: store ? 'redis' : 'memory',
      epochSeconds: config.epochSeconds,
      epochWindow: config.epochWindow,
      ...(paid ? { treasury: paid.treasury } : {}),
    },
    ghostIds,
    checkLimit,
    trustedProxies,
    logger: options.logger,
  });

  const devRoutes =
    paid && config.cluster === 'localnet' && config.devAirdrop
      ? addDevRoutes(app, { chain: paid.chain.client, trustedProxies, limits: options.airdropLimits, now })
      : undefined;
  const secondMs = options.roomSecondMs ?? 1000;
  const rooms = new RoomService({ now, cluster: store?.rooms });
  const services = {
    domain: config.domain ?? '',
    cluster: signInChainOf(config.cluster),
    ghostIds,
    registry,
    handlers: {
      ...createSessionHandlers(ghostIds),
      ...createRoomHandlers({ rooms, now, secondMs, joinPaid: paid?.joinPaid }),
      ...paid?.handlers,
    },
    logger: options.logger,
    frameRate: config.frameRate,
    signInDeadlineMs,
    now,
  };
  const server = await listen(app.fetch, config.host, config.port, guards.timeouts, guards.limit);
  const webSockets = attachWebSocketEndpoint(server, services, trustedProxies, guards);
  const port = (server.address() as AddressInfo).port;
  services.domain = config.domain ?? `${config.host}:${port}`;

  const stopRotation = startRotation({
    keyring,
    registry,
    logger: options.logger,
    onPushed: options.onGhostsPushed,
  });
  const stopSweeper = startSweeper(registry, options.idleMs ?? IDLE_CLOSE_MS, now);
  options.logger.info(
    {
      cluster: config.cluster,
      epochSeconds: config.epochSeconds,
      descriptorLimit: guards.budget.descriptorLimit ?? 'unlimited',
      maxWebSockets: guards.budget.webSockets,
      maxSockets: guards.budget.sockets,
    },
    'server started',
  );

  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    domain: services.domain,
    registry,
    keyring,
    rooms,
    chainUrl: paid?.chain.rpcUrl,
    async close() {
      stopRotation();
      stopSweeper();
      checkLimit.stop();
      guards.stop();
      devRoutes?.stop();
      webSockets.terminateAll();
      rooms.leaveEverything(); // announced to other instances before the store closes
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await paid?.close();
      await store?.close();
      invitationKeys.wipe();
      masterKey.fill(0);
      options.logger.info('server stopped');
    },
  };
}

function listen(
  fetch: Parameters<typeof serve>[0]['fetch'],
  hostname: string,
  port: number,
  timeouts: HttpTimeouts,
  prepare: (server: Server) => void,
) {
  return new Promise<Server>((resolve, reject) => {
    const serverOptions = httpServerOptions(timeouts);
    const server = serve({ fetch, hostname, port, serverOptions }, () => resolve(server)) as Server;
    prepare(server); // before the first connection: serve() has only begun to listen
    server.once('error', reject);
  });
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
