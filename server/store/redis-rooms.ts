/**
 * Rooms across instances (DESIGN.md "Scaling out"): membership and each room's handshake state
 * (counter, handshake key, join key, sealed GroupInfo) in Redis, changed only by the scripts of
 * room-scripts.ts, and room frames relayed by pub/sub on one channel per room. Each instance
 * subscribes to the channels of the rooms where it has members and skips its own publications,
 * except commits, which every instance delivers from the channel in the order they were accepted.
 * Everything read back is validated; what travels holds opaque ids, keys, sealed GroupInfos and
 * ciphertexts only (the room's handle is filled in by each instance from its own members).
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import { MAX_MEMBERS_PER_ROOM } from '../../shared/protocol/limits.ts';
import type { Logger } from '../log/logger.ts';
import type { GroupState } from '../rooms/room.ts';
import type {
  ClusterEvent,
  ClusterHooks,
  ClusterJoin,
  ClusterRoomSettings,
  CommitOutcome,
  CommitWrite,
  HandshakeKeys,
  LocalRoomState,
  RoomCluster,
} from '../rooms/room-cluster.ts';
import { type RedisConnection, StoreDataError, withDeadline } from './redis-connection.ts';
import {
  CommitReply,
  EventSchema,
  GroupReply,
  Id,
  JoinReply,
  KeysReply,
  parseReply,
} from './redis-room-replies.ts';
import {
  COMMIT_SCRIPT,
  EXPIRE_SCRIPT,
  GROUP_SCRIPT,
  HANDSHAKE_KEYS_SCRIPT,
  JOIN_SCRIPT,
  LEAVE_SCRIPT,
  RESYNC_SCRIPT,
  SIGNAL_SCRIPT,
} from './room-scripts.ts';
import {
  instanceMembersKey,
  roomChannel,
  roomGroupKey,
  roomMetaKey,
  roomOwnersKey,
  tombstoneKey,
} from './store-keys.ts';

const ANSWER_MS = 3000;
const EXPIRED_GRACE_MS = 60_000; // room keys outlive their expiry this long, then Redis drops them

type Scripted = Redis & {
  roomJoin(...args: (string | number)[]): Promise<unknown>;
  roomLeave(...args: string[]): Promise<unknown>;
  roomExpire(...args: (string | number)[]): Promise<unknown>;
  roomSignal(...args: string[]): Promise<unknown>;
  roomResync(...args: (string | number)[]): Promise<unknown>;
  roomHandshakeKeys(...args: string[]): Promise<unknown>;
  roomCommit(...args: (string | number)[]): Promise<unknown>;
  roomGroup(...args: string[]): Promise<unknown>;
};

export class RedisRooms implements RoomCluster {
  readonly #client: Scripted;
  readonly #ownPrefix: string;
  readonly #channels = new Map<string, string>(); // channel → room name
  #hooks: ClusterHooks | undefined;

  constructor(
    private readonly redis: RedisConnection,
    private readonly instance: string,
    private readonly namer: (purpose: string, value: string) => string,
    private readonly logger: Logger,
  ) {
    const commands = redis.commands;
    commands.defineCommand('roomJoin', { numberOfKeys: 5, lua: JOIN_SCRIPT });
    commands.defineCommand('roomLeave', { numberOfKeys: 4, lua: LEAVE_SCRIPT });
    commands.defineCommand('roomExpire', { numberOfKeys: 4, lua: EXPIRE_SCRIPT });
    commands.defineCommand('roomSignal', { numberOfKeys: 1, lua: SIGNAL_SCRIPT });
    commands.defineCommand('roomResync', { numberOfKeys: 5, lua: RESYNC_SCRIPT });
    commands.defineCommand('roomHandshakeKeys', { numberOfKeys: 2, lua: HANDSHAKE_KEYS_SCRIPT });
    commands.defineCommand('roomCommit', { numberOfKeys: 3, lua: COMMIT_SCRIPT });
    commands.defineCommand('roomGroup', { numberOfKeys: 3, lua: GROUP_SCRIPT });
    this.#client = commands as Scripted;
    this.#ownPrefix = `{"o":"${instance}"`;
    redis.subscriber.on('message', (channel: string, message: string) => this.#receive(channel, message));
    redis.onRecovered(() => this.resync());
  }

  get available(): boolean {
    return this.redis.reachable;
  }

  nameOf(key: string): string {
    return this.namer('room', key);
  }

  connect(hooks: ClusterHooks): void {
    this.#hooks = hooks;
  }

  async attach(name: string): Promise<void> {
    const channel = roomChannel(name);
    this.#channels.set(channel, name);
    await withDeadline(this.redis.subscriber.subscribe(channel), ANSWER_MS, 'subscribe');
  }

  detach(name: string): void {
    const channel = roomChannel(name);
    this.#channels.delete(channel);
    this.redis.subscriber.unsubscribe(channel).catch(() => {});
  }

  async join(name: string, member: string, settings: ClusterRoomSettings, now: number): Promise<ClusterJoin> {
    const work = this.#client.roomJoin(
      ...this.#roomKeys(name),
      tombstoneKey(name),
      instanceMembersKey(this.instance),
      member,
      this.instance,
      settings.expiresAt ?? '',
      settings.msgTtl ?? '',
      settings.admission,
      now,
      MAX_MEMBERS_PER_ROOM,
      name,
      roomChannel(name),
      EXPIRED_GRACE_MS,
    );
    let reply: unknown;
    try {
      reply = await withDeadline(work, ANSWER_MS, 'join');
    } catch (error) {
      this.leave(name, member); // runs after the join if that still lands, and undoes it
      throw error;
    }
    const parsed = v.safeParse(JoinReply, reply);
    if (!parsed.success) throw new StoreDataError('redis answered a join with something unexpected');
    const out = parsed.output;
    if (out[0] !== 'ok') return { ok: false, code: out[0] };
    const [, expiresAt, msgTtl, admission, seq, epoch, groupInfo, others] = out;
    return { ok: true, expiresAt, msgTtl, admission, seq, others, group: { epoch, groupInfo } };
  }

  leave(name: string, member: string): void {
    this.#leaveFor(this.instance, name, member).catch(() => this.logger.warn('room leave not recorded'));
  }

  /** Removes a member owned by `owner` (this instance, or a dead one being reaped). */
  #leaveFor(owner: string, name: string, member: string): Promise<unknown> {
    const keys = this.#roomKeys(name);
    return this.#client.roomLeave(...keys, instanceMembersKey(owner), member, name, roomChannel(name), owner);
  }

  async handshakeKeys(name: string, member: string): Promise<HandshakeKeys | undefined> {
    const [meta, owners] = this.#roomKeys(name);
    const reply = await withDeadline(this.#client.roomHandshakeKeys(meta, owners, member), ANSWER_MS, 'keys');
    const out = parseReply(KeysReply, reply, 'handshake keys');
    if (out[0] !== 'ok') return undefined;
    return { epoch: out[1], handshakeKey: out[2], joinKey: out[3] };
  }

  async commit(name: string, member: string, write: CommitWrite): Promise<CommitOutcome> {
    // Published by the script itself, so the channel carries commits in the order accepted. No
    // origin prefix: every instance, this one included, delivers it from the channel.
    const payload =
      write.commit === null ? '' : `{"k":"cmt","f":"${write.from}","e":${write.epoch},"c":"${write.commit}"}`;
    const work = this.#client.roomCommit(
      ...this.#roomKeys(name),
      member,
      write.epoch,
      write.expectedKey,
      write.nextKey,
      write.joinKey ?? '',
      write.groupInfo,
      roomChannel(name),
      payload,
    );
    const out = parseReply(CommitReply, await withDeadline(work, ANSWER_MS, 'commit'), 'commit');
    if (out[0] === 'ok') return { ok: true, epoch: out[1] };
    if (out[0] === 'stale') return { ok: false, code: 'stale_epoch', epoch: out[1] };
    return { ok: false, code: 'not_found' };
  }

  async group(name: string, member: string): Promise<GroupState | undefined> {
    const reply = await withDeadline(
      this.#client.roomGroup(...this.#roomKeys(name), member),
      ANSWER_MS,
      'group',
    );
    const out = parseReply(GroupReply, reply, 'group');
    return out[0] === 'ok' ? { epoch: out[1], groupInfo: out[2] } : undefined;
  }

  /** Removes the members a dead instance left behind, announcing each leave. */
  async reap(owner: string, entries: string[]): Promise<void> {
    await Promise.all(
      entries.map((entry) => {
        const [name, member] = entry.split(' ');
        if (!name || !member || !v.is(Id, member)) return undefined;
        return this.#leaveFor(owner, name, member);
      }),
    );
  }

  expire(name: string, now: number): void {
    this.#client
      .roomExpire(...this.#roomKeys(name), tombstoneKey(name), now, name)
      .catch(() => this.logger.warn('room expiry not recorded'));
  }

  publishMessage(name: string, from: string, ct: string, ts: number): void {
    // Ids and ct are validated base64url: the text needs no escaping.
    const payload = `${this.#ownPrefix},"k":"msg","f":"${from}","c":"${ct}","ts":${ts}}`;
    this.redis.commands.publish(roomChannel(name), payload).catch(() => {});
  }

  async signal(name: string, from: string, to: string, ct: string): Promise<boolean> {
    const payload = `${this.#ownPrefix},"k":"sig","f":"${from}","to":"${to}","c":"${ct}"}`;
    const sent = this.#client.roomSignal(roomOwnersKey(name), to, roomChannel(name), payload);
    return (await withDeadline(sent, ANSWER_MS, 'signal')) === 1;
  }

  async close(): Promise<void> {
    this.#channels.clear();
  }

  #roomKeys(name: string): [string, string, string] {
    return [roomMetaKey(name), roomOwnersKey(name), roomGroupKey(name)];
  }

  #receive(channel: string, message: string): void {
    if (message.startsWith(this.#ownPrefix)) return;
    const name = this.#channels.get(channel);
    if (!name || !this.#hooks) return;
    let event: ClusterEvent;
    try {
      const parsed = v.safeParse(EventSchema, JSON.parse(message));
      if (!parsed.success) throw new StoreDataError('malformed room event');
      event = parsed.output;
    } catch {
      this.logger.warn('ignored a malformed room event from redis');
      return;
    }
    this.#hooks.onEvent(name, event);
  }

  /** Redis is back (maybe restarted, empty): re-register every member this instance holds. */
  resync(): void {
    const rooms = this.#hooks?.localRooms() ?? [];
    for (const room of rooms) {
      this.#resyncRoom(room).catch(() => this.logger.warn('room not re-registered'));
    }
    if (rooms.length > 0) this.logger.info({ rooms: rooms.length }, 'rooms re-registered in redis');
  }

  #resyncRoom(room: LocalRoomState): Promise<unknown> {
    const { name } = room;
    return this.#client.roomResync(
      ...this.#roomKeys(name),
      tombstoneKey(name),
      instanceMembersKey(this.instance),
      this.instance,
      name,
      roomChannel(name),
      room.expiresAt ?? '',
      room.msgTtl ?? '',
      room.admission,
      room.createdAt,
      Date.now(),
      EXPIRED_GRACE_MS,
      ...room.members,
    );
  }
}
