/**
 * The Lua scripts that change invitations in Redis (docs/scaling-out.md "Invitations"). Each runs
 * atomically over one wallet's keys (one hash slot), so exactly one answer takes an invitation and
 * a redeem repeated on another instance cannot bring back one that was just answered.
 *
 * Keys (store-keys.ts): the record `inv:{w}:<n>` (`expiresAt.sealed`, PX until it expires), its
 * mark `inv:{w}:<n>:k` (`p` pending or `a` answered, PX a day longer: the store's memory of the
 * name), and the wallet's `pending` set of names (PX as long as its longest mark).
 */

/** KEYS record, mark, pending. ARGV value, record ttl ms, mark ttl ms, name. → 1 created, 0 known. */
export const CREATE_INVITE_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], 'p', 'PX', ARGV[3])
redis.call('SADD', KEYS[3], ARGV[4])
if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[3], ARGV[3]) end
return 1`;

/** KEYS record, mark, pending. ARGV name. → {'taken', value} or {'ended'} or {'unknown'}. */
export const TAKE_INVITE_SCRIPT = `
local value = redis.call('GET', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[1])
if value then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], 'a', 'KEEPTTL')
  return {'taken', value}
end
if redis.call('EXISTS', KEYS[2]) == 1 then return {'ended'} end
return {'unknown'}`;

/** KEYS record, mark, pending. ARGV value, record ttl ms, name. → 1 restored, 0 not (not taken). */
export const RESTORE_INVITE_SCRIPT = `
if redis.call('GET', KEYS[2]) ~= 'a' or redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], 'p', 'KEEPTTL')
redis.call('SADD', KEYS[3], ARGV[3])
return 1`;
