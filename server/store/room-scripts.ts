/**
 * The Lua scripts that change room state in Redis. Each runs atomically, so a membership change
 * and its announcement (`PUBLISH` on the room's channel, numbered by the room's `seq`) can never
 * be seen apart, "the last member anywhere leaves → the room is gone" holds under races, and a
 * commit is accepted once per epoch across instances (the check-and-set and its publication are
 * one step, so commits travel on the channel in the order they were accepted).
 *
 * Room keys (store-keys.ts): `meta` hash {e: expiresAt or '', t: msgTtl or '', a: admission,
 * c: createdAt, s: seq, n: epoch, k: handshake key, j: join key}, `owners` hash member → instance,
 * `group` string (the sealed GroupInfo), `expired` tombstone. An instance's `members` set holds
 * "name member" entries so survivors can remove them for it. Every room key but the tombstone goes
 * with the last member, with expiry, and (when the room has a ttl) by itself 60 s after expiry.
 */
import { INSTANCE_MEMBERS_LUA } from './store-keys.ts';

const PUBLISH_JOIN = `redis.call('PUBLISH', channel, '{"o":"' .. origin .. '","k":"join","s":' .. seq .. ',"m":"' .. member .. '"}')`;
const PUBLISH_LEAVE = `redis.call('PUBLISH', channel, '{"o":"' .. origin .. '","k":"leave","s":' .. seq .. ',"m":"' .. member .. '"}')`;

/** Tombstone for as long again as the room lived, at least 60 s, at most 24 h (docs/protocol.md). */
const TOMBSTONE = `
local function tombstone(meta, tombKey, now)
  local e, c = tonumber(meta[1]), tonumber(meta[3])
  local hold = math.min(86400000, math.max(e - c, 60000))
  local ttl = math.floor(e + hold - now)
  if ttl > 0 then redis.call('SET', tombKey, '1', 'PX', ttl) end
end`;

/** A new room: no group yet (epoch 0, no keys, no GroupInfo). KEYS meta, owners, group. */
const CREATE = `
local function create(e, t, a, c)
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  redis.call('HSET', KEYS[1], 'e', e, 't', t, 'a', a, 'c', c, 's', 0, 'n', 0)
end`;

/**
 * KEYS meta, owners, group, expired, instance members.
 * ARGV member, instance, expiresAt|'', msgTtl|'', admission, now, max members, name, channel, grace ms.
 * → {'ok', expiresAt, msgTtl, admission, seq, epoch, groupInfo|'', {member, …}} or {'expired'} or {'room_full'}
 */
export const JOIN_SCRIPT = `${TOMBSTONE}${CREATE}
local member, origin = ARGV[1], ARGV[2]
local now, name, channel = tonumber(ARGV[6]), ARGV[8], ARGV[9]
if redis.call('EXISTS', KEYS[4]) == 1 then return {'expired'} end
local meta = redis.call('HMGET', KEYS[1], 'e', 't', 'c', 'a', 'n')
if meta[3] then
  if meta[1] ~= '' and tonumber(meta[1]) <= now then
    tombstone(meta, KEYS[4], now)
    return {'expired'}
  end
  if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[7]) then return {'room_full'} end
else
  create(ARGV[3], ARGV[4], ARGV[5], ARGV[6])
  meta = {ARGV[3], ARGV[4], ARGV[6], ARGV[5], '0'}
end
local others = redis.call('HKEYS', KEYS[2])
redis.call('HSET', KEYS[2], member, origin)
redis.call('SADD', KEYS[5], name .. ' ' .. member)
if meta[1] ~= '' then
  local expireAt = tonumber(meta[1]) + tonumber(ARGV[10])
  for i = 1, 3 do redis.call('PEXPIREAT', KEYS[i], expireAt) end
end
local seq = redis.call('HINCRBY', KEYS[1], 's', 1)
${PUBLISH_JOIN}
local groupInfo = redis.call('GET', KEYS[3]) or ''
return {'ok', meta[1], meta[2], meta[4] or 'open', seq, meta[5] or '0', groupInfo, others}`;

/**
 * KEYS meta, owners, group, owner's instance members. ARGV member, name, channel, origin.
 * → 0 not a member, 1 left (announced), 2 left and the room is gone (with its GroupInfo).
 */
export const LEAVE_SCRIPT = `
local member, name, channel, origin = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('HDEL', KEYS[2], member) == 0 then return 0 end
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
 * KEYS meta, owners, group, expired. ARGV now, name. → 1 removed, 0 nothing to do.
 */
export const EXPIRE_SCRIPT = `${TOMBSTONE}
local now, name = tonumber(ARGV[1]), ARGV[2]
local meta = redis.call('HMGET', KEYS[1], 'e', 't', 'c')
if not meta[3] or meta[1] == '' or tonumber(meta[1]) > now then return 0 end
tombstone(meta, KEYS[4], now)
local owners = redis.call('HGETALL', KEYS[2])
for i = 1, #owners, 2 do
  local owner = owners[i + 1]
  redis.call('SREM', ${INSTANCE_MEMBERS_LUA}, name .. ' ' .. owners[i])
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return 1`;

/** KEYS owners. ARGV to, channel, payload. → 1 published, 0 no such member. */
export const SIGNAL_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`;

/**
 * What `auth` is checked against, read just before the check-and-set (which fails if it changed).
 * KEYS meta, owners. ARGV member. → {'ok', epoch, handshake key|'', join key|''} or {'not_found'}.
 */
export const HANDSHAKE_KEYS_SCRIPT = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return {'not_found'} end
local state = redis.call('HMGET', KEYS[1], 'n', 'k', 'j')
return {'ok', state[1] or '0', state[2] or '', state[3] or ''}`;

/**
 * A commit's check-and-set: accepted only while `member` is in the room, the counter is the
 * frame's epoch and the handshake key is the one `auth` was checked against; then the counter goes
 * up by one, the key and GroupInfo are replaced (the join key is set once, at epoch 0) and the
 * commit is published. The GroupInfo key lives exactly as long as the room's meta.
 * KEYS meta, owners, group. ARGV member, epoch, expected key|'', next key, join key|'', groupInfo,
 * channel, payload|'' (nothing is published for the epoch-0 frame).
 * → {'ok', new epoch} or {'stale', epoch} or {'not_found'}
 */
export const COMMIT_SCRIPT = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return {'not_found'} end
local state = redis.call('HMGET', KEYS[1], 'n', 'k')
local epoch = tonumber(state[1]) or 0
if epoch ~= tonumber(ARGV[2]) or (state[2] or '') ~= ARGV[3] then return {'stale', epoch} end
redis.call('HSET', KEYS[1], 'n', epoch + 1, 'k', ARGV[4])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'j', ARGV[5]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  redis.call('SET', KEYS[3], ARGV[6], 'PX', ttl)
else
  redis.call('SET', KEYS[3], ARGV[6])
end
if ARGV[8] ~= '' then redis.call('PUBLISH', ARGV[7], ARGV[8]) end
return {'ok', epoch + 1}`;

/** KEYS meta, owners, group. ARGV member. → {'ok', epoch, groupInfo|''} or {'not_found'}. */
export const GROUP_SCRIPT = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return {'not_found'} end
return {'ok', redis.call('HGET', KEYS[1], 'n') or '0', redis.call('GET', KEYS[3]) or ''}`;

/**
 * After Redis came back: make Redis hold exactly this instance's members of one room, announcing
 * each difference. A room Redis lost comes back without its group (epoch 0, docs/scaling-out.md).
 * KEYS meta, owners, group, expired, instance members.
 * ARGV instance, name, channel, expiresAt|'', msgTtl|'', admission, createdAt, now, grace, member, …
 */
export const RESYNC_SCRIPT = `${CREATE}
local origin, name, channel = ARGV[1], ARGV[2], ARGV[3]
if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then
  create(ARGV[4], ARGV[5], ARGV[6], ARGV[7])
  if ARGV[4] ~= '' then
    local expireAt = tonumber(ARGV[4]) + tonumber(ARGV[9])
    for i = 1, 2 do redis.call('PEXPIREAT', KEYS[i], expireAt) end
  end
end
local mine = {}
for i = 10, #ARGV do mine[ARGV[i]] = true end
local owners = redis.call('HGETALL', KEYS[2])
for i = 1, #owners, 2 do
  local member = owners[i]
  if owners[i + 1] == origin and not mine[member] then
    redis.call('HDEL', KEYS[2], member)
    redis.call('SREM', KEYS[5], name .. ' ' .. member)
    local seq = redis.call('HINCRBY', KEYS[1], 's', 1)
    ${PUBLISH_LEAVE}
  end
end
for member in pairs(mine) do
  if redis.call('HSETNX', KEYS[2], member, origin) == 1 then
    redis.call('SADD', KEYS[5], name .. ' ' .. member)
    local seq = redis.call('HINCRBY', KEYS[1], 's', 1)
    ${PUBLISH_JOIN}
  end
end
return 1`;
