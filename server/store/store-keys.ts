/**
 * Every Redis key and channel name the server uses, in one place (docs/scaling-out.md lists them).
 * Room names are keyed hashes of the room (crypto/store-names.ts), invitation and wallet names
 * keyed hashes too (crypto/invitation-keys.ts); instance and member ids are random. Room keys share
 * a `{name}` hash tag, and a wallet's invitation keys its own, so one script touches one slot.
 */
const PREFIX = 'ag:';

export const INSTANCES_KEY = `${PREFIX}instances`;
export const epochKeyName = (epoch: number) => `${PREFIX}ek:${epoch}`;
export const roomMetaKey = (name: string) => `${PREFIX}r:{${name}}:meta`;
/** A room's members: member id → the instance that holds it. */
export const roomOwnersKey = (name: string) => `${PREFIX}r:{${name}}:owners`;
/** A room's latest sealed GroupInfo (opaque), set by each accepted commit. */
export const roomGroupKey = (name: string) => `${PREFIX}r:{${name}}:group`;
export const tombstoneKey = (name: string) => `${PREFIX}r:{${name}}:expired`;
export const roomChannel = (name: string) => `${PREFIX}c:${name}`;
export const heartbeatKey = (instance: string) => `${PREFIX}i:${instance}`;
export const instanceMembersKey = (instance: string) => `${PREFIX}i:${instance}:members`;
export const reapLockKey = (instance: string) => `${PREFIX}i:${instance}:reaping`;
export const rateBucketKey = (name: string) => `${PREFIX}rl:${name}`;
/** Invitations (redis-invitations.ts): one wallet's keys share its `{name}` hash tag. */
export const inviteKey = (wallet: string, name: string) => `${PREFIX}inv:{${wallet}}:${name}`;
export const inviteMarkKey = (wallet: string, name: string) => `${PREFIX}inv:{${wallet}}:${name}:k`;
export const invitePendingKey = (wallet: string) => `${PREFIX}inv:{${wallet}}:pending`;
export const INVITE_CHANNEL_PREFIX = `${PREFIX}invc:`;
export const inviteChannel = (wallet: string) => `${INVITE_CHANNEL_PREFIX}${wallet}`;
/** Lua builds instance-member keys itself: the same shape as `instanceMembersKey`. */
export const INSTANCE_MEMBERS_LUA = `'${PREFIX}i:' .. owner .. ':members'`;
