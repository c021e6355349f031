/**
 * Redis must not persist what this server keeps in it (DESIGN.md "Scaling out"): epoch keys are
 * stored wrapped under the master key, so an RDB dump or AOF file plus the master key would open
 * every ghostId of the epochs it holds, long after the server wiped them: the forward secrecy of
 * ghostIds would be gone. So start-up asks Redis (`CONFIG GET save`, `CONFIG GET appendonly`)
 * before writing anything, and refuses a persisting Redis, or one that will not say (a managed
 * Redis may rename CONFIG), unless `ANOGHOST_REDIS_ALLOW_PERSISTENCE=1` accepts the risk, loudly.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.ts';

const OVERRIDE = 'ANOGHOST_REDIS_ALLOW_PERSISTENCE=1';
const RISK = 'a dump plus the master key would open past ghostIds, undoing their forward secrecy';

/** Redis persists its data (or will not say), and the override is not set. */
export class RedisPersistenceError extends Error {
  override name = 'RedisPersistenceError';
}

/** Throws {@link RedisPersistenceError} unless Redis keeps nothing on disk or `allow` is set. */
export async function checkRedisPersistence(redis: Redis, allow: boolean, logger: Logger): Promise<void> {
  let save: string | undefined;
  let appendonly: string | undefined;
  try {
    save = readConfigValue(await redis.config('GET', 'save'));
    appendonly = readConfigValue(await redis.config('GET', 'appendonly'));
  } catch (cause) {
    if (allow) {
      logger.warn(`cannot tell whether Redis persists its data (CONFIG GET refused); ${OVERRIDE} accepts it`);
      return;
    }
    throw new RedisPersistenceError(
      'cannot tell whether Redis at ANOGHOST_REDIS_URL persists its data: it refused CONFIG GET ' +
        `(a managed Redis may rename CONFIG). If it persists, ${RISK}. Make sure RDB snapshots and ` +
        `AOF are off, then set ${OVERRIDE}`,
      { cause },
    );
  }
  const persisting = [
    save === '' ? undefined : `save "${save}"`,
    appendonly === 'no' ? undefined : `appendonly ${appendonly}`,
  ].filter((setting) => setting !== undefined);
  if (persisting.length === 0) return;
  if (allow) {
    logger.warn(
      { persisting },
      `REDIS PERSISTS ITS DATA: ${RISK}; started anyway because ${OVERRIDE} is set`,
    );
    return;
  }
  throw new RedisPersistenceError(
    `Redis at ANOGHOST_REDIS_URL persists its data (${persisting.join(', ')}): epoch keys are kept ` +
      `there wrapped under the master key, so ${RISK}. Turn persistence off (redis-server --save '' ` +
      `--appendonly no, or CONFIG SET save '' and CONFIG SET appendonly no), or set ${OVERRIDE} to accept the risk`,
  );
}

/** The value of a `CONFIG GET <name>` reply (`[name, value]`); throws when there is none. */
function readConfigValue(reply: unknown): string {
  const value = Array.isArray(reply) ? reply[1] : undefined;
  if (typeof value !== 'string') throw new Error('CONFIG GET returned no value');
  return value;
}
