/**
 * The room core (PROTOCOL.md §3), shared by free rooms and paid rooms: joins create rooms,
 * leaves and disconnects remove members, the last leave destroys the room at once, expiry closes
 * it. Every frame a member fans out is serialized once and sent as the same bytes to all.
 *
 * With a `RoomCluster` (Redis) a room's members may sit on several instances: this instance keeps
 * its own members as before, joins go through the store (shared-rooms.ts), and what the others
 * send arrives as cluster events. Without one, nothing of that runs.
 */
import { createHash } from 'node:crypto';
import { encodeUtf8 } from '../../shared/encoding.ts';
import { MAX_MEMBERS_PER_ROOM, MAX_ROOMS_PER_SESSION } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { Session } from '../session/session.ts';
import { type Member, newMemberId, Room, type RoomSettings } from './room.ts';
import type { ClusterMember, RoomCluster } from './room-cluster.ts';
import { applyClusterEvent, SharedRooms } from './shared-rooms.ts';

const MAX_TIMER_MS = 2 ** 31 - 1; // the longest delay setTimeout honours
const MAX_TOMBSTONE_MS = 24 * 60 * 60 * 1000;
const NO_JOINS: ReadonlySet<string> = new Set();

export interface RoomServiceOptions {
  now: () => number;
  /** Several instances share rooms through it (Redis); absent in memory mode. */
  cluster?: RoomCluster;
}

export interface JoinResult {
  room: Room;
  member: Member;
  /** Shared rooms: the other members anywhere, from the store. */
  others?: ClusterMember[];
}

export class RoomService {
  readonly #rooms = new Map<string, Room>();
  readonly #memberships = new WeakMap<Session, Map<string, Member>>();
  /** Free rooms that expired, by a hash of their key, so later joins get `expired` for a while. */
  readonly #expired = new Map<string, number>();

  readonly #shared: SharedRooms | undefined;

  constructor(private readonly options: RoomServiceOptions) {
    const cluster = options.cluster;
    if (!cluster) return;
    this.#shared = new SharedRooms(cluster, {
      now: options.now,
      find: (key) => this.#rooms.get(key),
      create: (settings) => this.#create(settings),
      checkMayJoin: (session, handle, joining) => this.#checkMayJoin(session, handle, joining),
      enter: (member) => this.#enter(member),
    });
    cluster.connect({
      onEvent: (name, event) => {
        const room = this.#shared?.roomNamed(name);
        if (room) applyClusterEvent(room, event);
      },
      localRooms: () => this.#shared?.localRooms() ?? [],
    });
  }

  /** The store shared with other instances, if any. */
  get cluster(): RoomCluster | undefined {
    return this.options.cluster;
  }

  /** Rooms alive now (tests, health). */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Joins `session` to the room of `settings.key`, creating it with `settings` if it does not exist. */
  join(session: Session, settings: RoomSettings, bundle: string): JoinResult | Promise<JoinResult> {
    if (this.#shared) return this.#shared.join(session, settings, bundle);
    this.#checkMayJoin(session, settings.handle, NO_JOINS);
    if (this.#isTombstoned(settings.key)) throw joinRefused('expired');
    let room = this.#rooms.get(settings.key);
    if (room && room.members.size >= MAX_MEMBERS_PER_ROOM) throw joinRefused('room_full');
    if (!room) room = this.#create(settings);
    const member: Member = { id: newMemberId(), session, bundle, room };
    this.#enter(member);
    return { room, member };
  }

  /** Refuses a join when the session is in the room already, or in (or joining) too many rooms. */
  #checkMayJoin(session: Session, handle: string, joining: ReadonlySet<string>): void {
    const joined = this.#membershipsOf(session);
    if (joined.has(handle) || joining.has(handle))
      throw new ProtocolError('bad_request', 'already in this room');
    if (joined.size + joining.size >= MAX_ROOMS_PER_SESSION) {
      throw new ProtocolError('forbidden', `at most ${MAX_ROOMS_PER_SESSION} rooms per session`);
    }
  }

  /** Announces a new member to the room's members here, then adds it. */
  #enter(member: Member): void {
    const { room, id, bundle } = member;
    room.broadcast(frameBytes({ t: 'member', room: room.handle, member: id, event: 'join', bundle }));
    room.members.set(id, member);
    this.#membershipsOf(member.session).set(room.handle, member);
  }

  /** Shutdown: every member here leaves (announced to other instances), every room goes. */
  leaveEverything(): void {
    for (const room of [...this.#rooms.values()])
      for (const member of [...room.members.values()]) this.leave(member);
  }

  /** The caller's membership in the room named by `handle`; `not_found` otherwise. */
  memberOf(session: Session, handle: string): Member {
    const member = this.#memberships.get(session)?.get(handle);
    if (!member) throw new ProtocolError('not_found', 'you are not in this room');
    return member;
  }

  /** Removes a member; the last one out destroys the room. */
  leave(member: Member): void {
    const room = member.room;
    if (room.members.get(member.id) !== member) return;
    room.members.delete(member.id);
    this.#memberships.get(member.session)?.delete(room.handle);
    if (room.clusterName !== undefined) this.options.cluster?.leave(room.clusterName, member.id);
    if (room.members.size === 0) {
      this.#destroy(room);
      return;
    }
    room.broadcast(frameBytes({ t: 'member', room: room.handle, member: member.id, event: 'leave' }));
  }

  #create(settings: RoomSettings): Room {
    const room = new Room(settings, this.options.now());
    this.#rooms.set(settings.key, room);
    if (settings.expiresAt !== null) this.#armExpiry(room, settings.expiresAt);
    return room;
  }

  /** Timers cannot wait longer than ~24.8 days (2^31 − 1 ms), and rooms may last 30: re-arm until due. */
  #armExpiry(room: Room, expiresAt: number): void {
    const delay = Math.max(0, expiresAt - this.options.now());
    room.expiryTimer = setTimeout(
      () => {
        if (this.options.now() < expiresAt) this.#armExpiry(room, expiresAt);
        else this.#expire(room);
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    room.expiryTimer.unref();
  }

  #expire(room: Room): void {
    if (this.#rooms.get(room.settings.key) !== room) return;
    if (room.clusterName !== undefined) this.options.cluster?.expire(room.clusterName, this.options.now());
    else if (room.settings.kind === 'free') this.#tombstone(room);
    room.broadcast(frameBytes({ t: 'closed', room: room.handle, reason: 'expired' }));
    for (const member of room.members.values()) this.#memberships.get(member.session)?.delete(room.handle);
    room.members.clear();
    this.#destroy(room);
  }

  #destroy(room: Room): void {
    clearTimeout(room.expiryTimer);
    this.#rooms.delete(room.settings.key);
    if (room.clusterName !== undefined) this.#shared?.forget(room);
  }

  #leaveAll(session: Session): void {
    const joined = this.#memberships.get(session);
    if (!joined) return;
    for (const member of [...joined.values()]) this.leave(member);
    this.#memberships.delete(session);
  }

  #membershipsOf(session: Session): Map<string, Member> {
    let joined = this.#memberships.get(session);
    if (!joined) {
      joined = new Map();
      this.#memberships.set(session, joined);
      session.onClose(() => this.#leaveAll(session)); // once per session, whatever it joins later
    }
    return joined;
  }

  /** An expired free room stays refused for as long again as it lived (≤ 24 h), by key hash only. */
  #tombstone(room: Room): void {
    const now = this.options.now();
    this.#pruneTombstones(now);
    const lived = now - room.createdAt;
    this.#expired.set(hashKey(room.settings.key), now + Math.min(MAX_TOMBSTONE_MS, Math.max(lived, 60_000)));
  }

  #isTombstoned(key: string): boolean {
    if (this.#expired.size === 0) return false;
    const until = this.#expired.get(hashKey(key));
    if (until === undefined) return false;
    if (until > this.options.now()) return true;
    this.#expired.delete(hashKey(key));
    return false;
  }

  #pruneTombstones(now: number): void {
    for (const [hash, until] of this.#expired) if (until <= now) this.#expired.delete(hash);
  }
}

/** The refusal of a join by the room's state, whether it is held here or in the store. */
export function joinRefused(code: 'expired' | 'room_full'): ProtocolError {
  return code === 'expired'
    ? new ProtocolError('expired', 'this room has expired')
    : new ProtocolError('room_full', `rooms hold at most ${MAX_MEMBERS_PER_ROOM} members`);
}

/** Serializes a frame once to the UTF-8 bytes every recipient gets. */
export function frameBytes(frame: object): Uint8Array {
  return encodeUtf8(JSON.stringify(frame));
}

function hashKey(key: string): string {
  return createHash('sha256').update('anoghost/room-tombstone/v1').update(key).digest('base64url');
}
