/**
 * Instance liveness (DESIGN.md "Scaling out"): each instance keeps a heartbeat key with a short
 * TTL and is listed in the instances set. Every instance looks for listed instances whose
 * heartbeat expired; one of them (by a lock) removes the dead instance's members, so the others
 * see them leave within seconds. An instance that was only cut off re-registers its members when
 * Redis is reachable again (redis-rooms.ts), so a wrong verdict heals itself.
 */
import * as v from 'valibot';
import type { Logger } from '../log/logger.ts';
import type { RedisConnection } from './redis-connection.ts';
import type { RedisRooms } from './redis-rooms.ts';
import { heartbeatKey, INSTANCES_KEY, instanceMembersKey, reapLockKey } from './store-keys.ts';

export const HEARTBEAT_TTL_MS = 4000;
const HEARTBEAT_EVERY_MS = 1000;
export const REAP_EVERY_MS = 1500;
const REAP_LOCK_MS = 10_000;
const InstanceId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{12}$/));

export interface InstanceLiveness {
  stop(): Promise<void>;
}

export async function startLiveness(
  redis: RedisConnection,
  instance: string,
  rooms: RedisRooms,
  logger: Logger,
): Promise<InstanceLiveness> {
  const client = redis.commands;
  /** Refreshes the heartbeat; `false` when it had lapsed (or this is the first one). */
  const beat = async () => {
    const replies = await client
      .multi()
      .call('SET', heartbeatKey(instance), '1', 'PX', String(HEARTBEAT_TTL_MS), 'GET')
      .sadd(INSTANCES_KEY, instance)
      .exec();
    return replies?.[0]?.[1] === '1';
  };
  await beat();
  redis.onRecovered(() => void beat().catch(() => {}));
  // A heartbeat that had lapsed (the event loop stalled for seconds): survivors may have removed
  // this instance's members, so put them back.
  const beatAndHeal = async () => {
    if (!(await beat())) {
      logger.warn('heartbeat had lapsed: re-registering rooms');
      rooms.resync();
    }
  };

  const reapDead = async () => {
    const listed = (await client.smembers(INSTANCES_KEY)).filter(
      (id) => id !== instance && v.is(InstanceId, id),
    );
    for (const other of listed) {
      if ((await client.exists(heartbeatKey(other))) === 1) continue;
      if ((await client.set(reapLockKey(other), instance, 'PX', REAP_LOCK_MS, 'NX')) !== 'OK') continue;
      const entries = await client.smembers(instanceMembersKey(other));
      await rooms.reap(other, entries);
      await client.multi().del(instanceMembersKey(other)).srem(INSTANCES_KEY, other).exec();
      logger.info({ members: entries.length }, 'removed the members of an instance that stopped');
    }
  };

  const heartbeat = setInterval(() => {
    if (redis.reachable) beatAndHeal().catch(() => {});
  }, HEARTBEAT_EVERY_MS);
  let reaping = false;
  const reaper = setInterval(() => {
    if (!redis.reachable || reaping) return;
    reaping = true;
    reapDead()
      .catch(() => logger.warn('could not check other instances'))
      .finally(() => {
        reaping = false;
      });
  }, REAP_EVERY_MS);
  heartbeat.unref();
  reaper.unref();

  return {
    async stop() {
      clearInterval(heartbeat);
      clearInterval(reaper);
      // Only the heartbeat goes: whatever membership is left, a survivor's reaper removes.
      if (redis.reachable) await client.del(heartbeatKey(instance));
    },
  };
}
