/**
 * The Redis store, assembled (DESIGN.md "Scaling out"): connections, shared epoch keys, rooms
 * and invitations across instances, instance liveness and the shared rate limit. `server.ts` starts it when
 * `ANOGHOST_REDIS_URL` is set; otherwise nothing here runs.
 */
import { randomBytes } from 'node:crypto';
import { encodeB64u } from '../../shared/encoding.ts';
import { createEpochKeyWrap } from '../crypto/epoch-key-wrap.ts';
import { createStoreNamer } from '../crypto/store-names.ts';
import type { EpochKeyring } from '../ghost/epoch-keys.ts';
import type { Logger } from '../log/logger.ts';
import { startLiveness } from './instance-liveness.ts';
import { connectRedis, withDeadline } from './redis-connection.ts';
import { RedisEpochKeys } from './redis-epoch-keys.ts';
import { RedisInvitations } from './redis-invitations.ts';
import { checkRedisPersistence } from './redis-persistence.ts';
import { RedisRateLimit } from './redis-rate-limit.ts';
import { RedisRooms } from './redis-rooms.ts';

const INSTANCE_ID_BYTES = 9; // 12 base64url characters
const CLOSE_WAIT_MS = 1000;

export interface RedisStore {
  rooms: RedisRooms;
  invitations: RedisInvitations;
  checkLimit: RedisRateLimit;
  readonly reachable: boolean;
  close(): Promise<void>;
}

export interface RedisStoreOptions {
  url: string;
  /** Start even if Redis persists its data (redis-persistence.ts). */
  allowPersistence: boolean;
  masterKey: Uint8Array;
  keyring: EpochKeyring;
  logger: Logger;
  checkRate: { perSecond: number; burst: number };
  now: () => number;
}

export async function startRedisStore(options: RedisStoreOptions): Promise<RedisStore> {
  const logger = options.logger.child({ part: 'redis' });
  const redis = await connectRedis(options.url, logger);
  try {
    await checkRedisPersistence(redis.commands, options.allowPersistence, logger);
  } catch (error) {
    await redis.close();
    throw error;
  }
  const instance = encodeB64u(randomBytes(INSTANCE_ID_BYTES));
  const namer = createStoreNamer(options.masterKey);
  const wrap = createEpochKeyWrap(options.masterKey);
  const epochKeys = new RedisEpochKeys(redis, options.keyring, wrap, logger);
  try {
    await epochKeys.start();
  } catch (error) {
    await redis.close();
    throw error;
  }
  const rooms = new RedisRooms(redis, instance, namer, logger);
  const invitations = new RedisInvitations(redis, logger, options.now);
  const liveness = await startLiveness(redis, instance, rooms, logger);
  const { perSecond, burst } = options.checkRate;
  const checkLimit = new RedisRateLimit(redis, (a) => namer('ip', a), perSecond, burst, options.now);
  return {
    rooms,
    invitations,
    checkLimit,
    get reachable() {
      return redis.reachable;
    },
    async close() {
      epochKeys.stop();
      wrap.wipe();
      checkLimit.stop();
      // Redis may be going away at the same moment (a whole host shutting down): do not wait long.
      await withDeadline(liveness.stop(), CLOSE_WAIT_MS, 'heartbeat removal').catch(() => {});
      await rooms.close();
      await redis.close();
    },
  };
}
