/**
 * The room core (PROTOCOL.md §3), shared by free rooms and paid rooms: joins create rooms,
 * leaves and disconnects remove members, the last leave destroys the room at once, expiry closes
 * it. It is also the one relay boundary: `relay`, `relaySignal` and `commit` deliver to the
 * members here and, for a shared room, to the other instances, so handlers only validate and
 * call. Every frame a member fans out is serialized once and sent as the same bytes to all.
 * Handshakes are ordered here (room-handshakes.ts): one accepted commit per epoch.
 *
 * With a `RoomCluster` (Redis) a room's members may sit on several instances: this instance keeps
 * its own members as before, joins go through the store (shared-rooms.ts), and what the others
 * send arrives as cluster events. Without one, nothing of that runs; while the store cannot be
 * reached, shared rooms refuse with `unavailable` before anyone got anything.
 */
import { MAX_MEMBERS_PER_ROOM, MAX_ROOMS_PER_SESSION } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { Session } from '../session/session.ts';
import type { CheckedCommit } from './commit-checks.ts';
import { holdOrder } from './member-order.ts';
import {
  type GroupState,
  type JoinResult,
  type Member,
  newMemberId,
  Room,
  type RoomSettings,
} from './room.ts';
import type { RoomCluster } from './room-cluster.ts';
import {
  closedBytes,
  joinRefused,
  memberJoinBytes,
  memberLeaveBytes,
  msgFrameBytes,
  noSuchMember,
  notAMember,
  roomsUnavailable,
  signalFrame,
} from './room-frames.ts';
import { commitHere } from './room-handshakes.ts';
import { RoomTombstones } from './room-tombstones.ts';
import { SharedRooms } from './shared-rooms.ts';

const MAX_TIMER_MS = 2 ** 31 - 1; // the longest delay setTimeout honours
const NO_JOINS: ReadonlySet<string> = new Set();

export interface RoomServiceOptions {
  now: () => number;
  /** Several instances share rooms through it (Redis); absent in memory mode. */
  cluster?: RoomCluster;
}

/** See the module header. */
export class RoomService {
  readonly #rooms = new Map<string, Room>();
  readonly #memberships = new WeakMap<Session, Map<string, Member>>();
  /** Free rooms that expired, by a hash of their key, so later joins get `expired` for a while. */
  readonly #expired: RoomTombstones;

  readonly #shared: SharedRooms | undefined;

  constructor(private readonly options: RoomServiceOptions) {
    this.#expired = new RoomTombstones(options.now);
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
      onEvent: (name, event) => this.#shared?.applyEvent(name, event),
      localRooms: () => this.#shared?.localRooms() ?? [],
    });
  }

  /** Rooms alive now (tests, health). */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Joins `session` to the room of `settings.key`, creating it with `settings` if it does not exist. */
  join(session: Session, settings: RoomSettings): JoinResult | Promise<JoinResult> {
    if (this.#shared) return this.#shared.join(session, settings);
    this.#checkMayJoin(session, settings.handle, NO_JOINS);
    if (this.#expired.has(settings.key)) throw joinRefused('expired');
    let room = this.#rooms.get(settings.key);
    if (room && room.members.size >= MAX_MEMBERS_PER_ROOM) throw joinRefused('room_full');
    if (!room) room = this.#create(settings);
    const member: Member = { id: newMemberId(), session, room, joinedAtEpoch: room.epoch };
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
    const { room, id } = member;
    room.broadcast(memberJoinBytes(room.handle, id));
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
    if (!member) throw notAMember();
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
    room.broadcast(memberLeaveBytes(room.handle, member.id));
  }

  /**
   * `send`: relays `ct` from `member` to every other member, here and on other instances; returns
   * the server's `ts`. One serialization for the whole fan-out.
   */
  relay(member: Member, ct: string): number {
    const room = member.room;
    const shared = this.#sharedName(room);
    const ts = this.options.now();
    room.broadcast(msgFrameBytes(room.handle, member.id, ct, ts), member);
    if (shared !== undefined) this.options.cluster?.publishMessage(shared, member.id, ct, ts);
    return ts;
  }

  /**
   * `signal`: delivers `ct` to the one member `to`. A member on another instance is reached
   * through the store, in order with this session's sends; `not_found` if no instance has it.
   */
  relaySignal(member: Member, to: string, ct: string): void | Promise<void> {
    const room = member.room;
    const recipient = room.members.get(to);
    const shared = room.clusterName;
    if (!recipient && shared !== undefined && to !== member.id)
      return this.#signalElsewhere(shared, member.id, to, ct);
    if (!recipient || recipient === member) throw noSuchMember();
    recipient.session.send(signalFrame(room.handle, member.id, ct));
  }

  /**
   * `commit` (PROTOCOL.md §3), after shape, sizes and membership: epoch, then `auth`, then the
   * counter moves on, the GroupInfo and handshake key are replaced and the commit is relayed to
   * the others. Resolves to the room's new counter; `stale_epoch` or `forbidden` change nothing.
   */
  commit(member: Member, commit: CheckedCommit): number | Promise<number> {
    const room = member.room;
    if (room.clusterName === undefined) return commitHere(member, commit);
    if (!this.options.cluster?.available || !this.#shared) throw roomsUnavailable();
    const accepted = this.#shared.commit(member, commit);
    holdOrder(member, accepted);
    return accepted;
  }

  /** `group`: the room's counter and latest GroupInfo. */
  group(member: Member): GroupState | Promise<GroupState> {
    const room = member.room;
    if (room.clusterName === undefined) return { epoch: room.epoch, groupInfo: room.groupInfo };
    if (!this.options.cluster?.available || !this.#shared) throw roomsUnavailable();
    return this.#shared.group(member);
  }

  /** The store's name of a shared room (`undefined` for one held here only); `unavailable` while the store is away. */
  #sharedName(room: Room): string | undefined {
    const name = room.clusterName;
    if (name !== undefined && !this.options.cluster?.available) throw roomsUnavailable();
    return name;
  }

  /** Refuses at once (not in a later tick) while the store is away, like the other relays. */
  #signalElsewhere(name: string, from: string, to: string, ct: string): Promise<void> {
    const cluster = this.options.cluster;
    if (!cluster?.available) throw roomsUnavailable();
    return cluster.signal(name, from, to, ct).then(
      (delivered) => {
        if (!delivered) throw noSuchMember();
      },
      (error: unknown) => {
        throw roomsUnavailable(error);
      },
    );
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
    else if (room.settings.kind === 'free') this.#expired.add(room.settings.key, room.createdAt);
    room.broadcast(closedBytes(room.handle, 'expired'));
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
}
