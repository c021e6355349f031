/**
 * The Lua scripts that change room state in Redis. Each runs atomically, so a membership change
 * and its announcement (`PUBLISH` on the room's channel, numbered by the room's `seq`) can never
 * be seen apart, and "the last member anywhere leaves → the room is gone" holds under races.
 *
 * Room keys (store-keys.ts): `meta` hash {e: expiresAt or '', t: msgTtl or '', c: createdAt,
 * s: seq}, `bundles` hash member → bundle, `owners` hash member → instance, `expired` tombstone.
 * An instance's `members` set holds "name member" entries so survivors can remove them for it.
 */
import { INSTANCE_MEMBERS_LUA } from './store-keys.ts';

const PUBLISH_JOIN = `redis.call('PUBLISH', channel, '{"o":"' .. origin .. '","k":"join","s":' .. seq .. ',"m":"' .. member .. '","b":"' .. bundle .. '"}')`;
const PUBLISH_LEAVE = `redis.call('PUBLISH', channel, '{"o":"' .. origin .. '","k":"leave","s":' .. seq .. ',"m":"' .. member .. '"}')`;

/** Tombstone for as long again as the room lived, at least 60 s, at most 24 h (docs/protocol.md). */
const TOMBSTONE = `
local function tombstone(meta, tombKey, now)
  local e, c = tonumber(meta[1]), tonumber(meta[3])
  local hold = math.min(86400000, math.max(e - c, 60000))
  local ttl = math.floor(e + hold - now)
  if ttl > 0 then redis.call('SET', tombKey, '1', 'PX', ttl) end
end`;

/**
 * KEYS meta, bundles, owners, expired, instance members.
 * ARGV member, bundle, instance, expiresAt|'', msgTtl|'', now, max members, name, channel, grace ms.
 * → {'ok', expiresAt, msgTtl, seq, {member, bundle, …}} or {'expired'} or {'room_full'}
 */
export const JOIN_SCRIPT = `${TOMBSTONE}
local member, bundle, origin = ARGV[1], ARGV[2], ARGV[3]
local now, name, channel = tonumber(ARGV[6]), ARGV[8], ARGV[9]
if redis.call('EXISTS', KEYS[4]) == 1 then return {'expired'} end
local meta = redis.call('HMGET', KEYS[1], 'e', 't', 'c')
if meta[3] then
  if meta[1] ~= '' and tonumber(meta[1]) <= now then
    tombstone(meta, KEYS[4], now)
    return {'expired'}
  end
  if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[7]) then return {'room_full'} end
else
  redis.call('DEL', KEYS[2], KEYS[3])
  redis.call('HSET', KEYS[1], 'e', ARGV[4], 't', ARGV[5], 'c', ARGV[6], 's', 0)
  meta = {ARGV[4], ARGV[5], ARGV[6]}
end
local others = redis.call('HGETALL', KEYS[2])
redis.call('HSET', KEYS[2], member, bundle)
redis.call('HSET', KEYS[3], member, origin)
redis.call('SADD', KEYS[5], name .. ' ' .. member)
if meta[1] ~= '' then
  local expireAt = tonumber(meta[1]) + tonumber(ARGV[10])
  for i = 1, 3 do redis.call('PEXPIREAT', KEYS[i], expireAt) end
end
local seq = redis.call('HINCRBY', KEYS[1], 's', 1)
${PUBLISH_JOIN}
return {'ok', meta[1], meta[2], seq, others}`;

/**
 * KEYS meta, bundles, owners, owner's instance members. ARGV member, name, channel, origin.
 * → 0 not a member, 1 left (announced), 2 left and the room is gone.
 */
export const LEAVE_SCRIPT = `
local member, name, channel, origin = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('HDEL', KEYS[2], member) == 0 then return 0 end
redis.call('HDEL', KEYS[3], member)
redis.call('SREM', KEYS[4], name .. ' ' .. member)
if redis.call('HLEN', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  return 2
end
local seq = redis.call('HINCRBY', KEYS[1], 's', 1)
${PUBLISH_LEAVE}
return 1`;

/**
 * At expiry (every instance with members runs it; idempotent): tombstone and remove the room.
 * KEYS meta, bundles, owners, expired. ARGV now, name. → 1 removed, 0 nothing to do.
 */
export const EXPIRE_SCRIPT = `${TOMBSTONE}
local now, name = tonumber(ARGV[1]), ARGV[2]
local meta = redis.call('HMGET', KEYS[1], 'e', 't', 'c')
if not meta[3] or meta[1] == '' or tonumber(meta[1]) > now then return 0 end
tombstone(meta, KEYS[4], now)
local owners = redis.call('HGETALL', KEYS[3])
for i = 1, #owners, 2 do
  local owner = owners[i + 1]
  redis.call('SREM', ${INSTANCE_MEMBERS_LUA}, name .. ' ' .. owners[i])
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return 1`;

/** KEYS bundles. ARGV to, channel, payload. → 1 published, 0 no such member. */
export const SIGNAL_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`;

/**
 * After Redis came back: make Redis hold exactly this instance's members of one room, announcing
 * each difference. KEYS meta, bundles, owners, expired, instance members.
 * ARGV instance, name, channel, expiresAt|'', msgTtl|'', createdAt, now, grace, member, bundle, …
 */
export const RESYNC_SCRIPT = `
local origin, name, channel = ARGV[1], ARGV[2], ARGV[3]
if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3])
  redis.call('HSET', KEYS[1], 'e', ARGV[4], 't', ARGV[5], 'c', ARGV[6], 's', 0)
  if ARGV[4] ~= '' then
    local expireAt = tonumber(ARGV[4]) + tonumber(ARGV[8])
    for i = 1, 3 do redis.call('PEXPIREAT', KEYS[i], expireAt) end
  end
end
local mine = {}
for i = 9, #ARGV, 2 do mine[ARGV[i]] = ARGV[i + 1] end
local owners = redis.call('HGETALL', KEYS[3])
for i = 1, #owners, 2 do
  local member = owners[i]
  if owners[i + 1] == origin and not mine[member] then
    redis.call('HDEL', KEYS[2], member)
    redis.call('HDEL', KEYS[3], member)
    redis.call('SREM', KEYS[5], name .. ' ' .. member)
    local seq = redis.call('HINCRBY', KEYS[1], 's', 1)
    ${PUBLISH_LEAVE}
  end
end
for member, bundle in pairs(mine) do
  if redis.call('HSETNX', KEYS[2], member, bundle) == 1 then
    redis.call('HSET', KEYS[3], member, origin)
    redis.call('SADD', KEYS[5], name .. ' ' .. member)
    local seq = redis.call('HINCRBY', KEYS[1], 's', 1)
    ${PUBLISH_JOIN}
  end
end
return 1`;
