/**
 * The two Redis connections an instance holds (commands, and pub/sub subscriptions) and whether
 * Redis is reachable. ioredis reconnects by itself with backoff; this module logs each change of
 * reachability once, and tells the rest of the server when Redis is back so it can re-register
 * what it holds (a restarted Redis has lost everything). Logs never carry the URL: it may hold a
 * password.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../log/logger.ts';

const MAX_RECONNECT_DELAY_MS = 1000;
const CONNECT_TIMEOUT_MS = 3000;

/** Redis is not reachable now: the operation was refused rather than done half-way. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** Redis replied with something this server did not write. */
export class StoreDataError extends Error {
  override name = 'StoreDataError';
}

export interface RedisConnection {
  readonly commands: Redis;
  readonly subscriber: Redis;
  /** Both connections are ready. */
  readonly reachable: boolean;
  /** Runs `callback` each time both connections are ready again after an outage. */
  onRecovered(callback: () => void): void;
  close(): Promise<void>;
}

/** Connects both clients; rejects with `StoreUnavailableError` if Redis is not reachable at start. */
export async function connectRedis(url: string, logger: Logger): Promise<RedisConnection> {
  const options = {
    lazyConnect: true,
    maxRetriesPerRequest: null, // queue while reconnecting: leaves issued in an outage still land
    enableAutoPipelining: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times: number) => Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
  };
  const commands = new Redis(url, { ...options, connectionName: 'anoghost' });
  const subscriber = new Redis(url, { ...options, connectionName: 'anoghost-sub' });
  const recovered: Array<() => void> = [];
  let wasReachable = false;
  let closing = true; // until the first connection is made: start-up is logged once, below
  const reachable = () => commands.status === 'ready' && subscriber.status === 'ready';
  const watch = () => {
    if (closing) return;
    const now = reachable();
    if (now === wasReachable) return;
    wasReachable = now;
    if (now) {
      logger.info('redis reachable again');
      for (const callback of recovered) callback();
    } else {
      logger.warn('redis unreachable: reconnecting');
    }
  };
  for (const client of [commands, subscriber]) {
    client.on('error', () => {}); // every outage is logged once by `watch`, without the URL
    for (const event of ['ready', 'close', 'end', 'reconnecting']) client.on(event, watch);
  }
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw new StoreUnavailableError('cannot reach Redis at ANOGHOST_REDIS_URL', { cause: error });
  }
  wasReachable = true;
  closing = false;
  logger.info('redis connected');
  return {
    commands,
    subscriber,
    get reachable() {
      return reachable();
    },
    onRecovered(callback) {
      recovered.push(callback);
    },
    async close() {
      closing = true;
      await Promise.allSettled([quit(commands), quit(subscriber)]);
    },
  };
}

const QUIT_WAIT_MS = 1000;

/** Sends QUIT after what is pending; drops the connection if Redis does not answer soon. */
async function quit(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    await withDeadline(client.quit(), QUIT_WAIT_MS, 'quit').catch(() => {});
  }
  client.disconnect();
}

/** Resolves with `work`, or rejects with `StoreUnavailableError` after `ms`. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`redis did not answer ${what} in time`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
