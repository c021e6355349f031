/**
 * Rooms shared with other instances through a `RoomCluster` (DESIGN.md "Scaling out"): joins go
 * through the store, which holds the membership; this instance subscribes to a room's events
 * while it has members there (or a join is under way) and delivers what other instances relay
 * to its own members. The room core (room-service.ts) lends it what it needs as a `RoomCore`.
 */
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { Session } from '../session/session.ts';
import { type JoinResult, type Member, newMemberId, type Room, type RoomSettings } from './room.ts';
import type { ClusterEvent, LocalRoomState, RoomCluster } from './room-cluster.ts';
import {
  joinRefused,
  memberJoinBytes,
  memberLeaveBytes,
  msgFrameBytes,
  roomsUnavailable,
  signalFrame,
  typingBytes,
} from './room-frames.ts';

/** What the room core lends the shared part. */
export interface RoomCore {
  now: () => number;
  find(key: string): Room | undefined;
  create(settings: RoomSettings): Room;
  /** Refuses a join the session may not make, counting the joins it has under way. */
  checkMayJoin(session: Session, handle: string, joining: ReadonlySet<string>): void;
  /** Announces the member to the room's members here and adds it. */
  enter(member: Member): void;
}

/** See the module header. */
export class SharedRooms {
  readonly #byName = new Map<string, Room>();
  /** Subscriptions: joins under way per room name, and the subscription they wait for. */
  readonly #attached = new Map<string, { pending: number; ready: Promise<void> }>();
  readonly #joining = new WeakMap<Session, Set<string>>();

  constructor(
    private readonly cluster: RoomCluster,
    private readonly core: RoomCore,
  ) {}

  roomNamed(name: string): Room | undefined {
    return this.#byName.get(name);
  }

  async join(session: Session, settings: RoomSettings, bundle: string): Promise<JoinResult> {
    const joining = this.#joiningOf(session);
    this.core.checkMayJoin(session, settings.handle, joining);
    if (!this.cluster.available) throw roomsUnavailable();
    const name = this.cluster.nameOf(settings.key);
    joining.add(settings.handle);
    const attachment = this.#hold(name);
    try {
      await attachment.ready;
      const id = newMemberId();
      const result = await this.cluster.join(name, id, bundle, settings, this.core.now());
      if (!result.ok) throw joinRefused(result.code);
      if (!session.isReady) {
        this.cluster.leave(name, id);
        throw new ProtocolError('unauthorized', 'the session ended during the join');
      }
      let room = this.core.find(settings.key);
      if (!room) {
        room = this.core.create({ ...settings, expiresAt: result.expiresAt, msgTtl: result.msgTtl });
        room.clusterName = name;
        this.#byName.set(name, room);
      }
      const member: Member = { id, session, bundle, room, seq: result.seq };
      this.core.enter(member);
      return { room, member, others: result.others };
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      throw roomsUnavailable(error);
    } finally {
      joining.delete(settings.handle);
      attachment.pending -= 1;
      this.#detachIfUnused(name);
    }
  }

  /** The room core destroyed `room`: stop listening unless a join is under way. */
  forget(room: Room): void {
    const name = room.clusterName;
    if (name === undefined || this.#byName.get(name) !== room) return;
    this.#byName.delete(name);
    this.#detachIfUnused(name);
  }

  localRooms(): LocalRoomState[] {
    return [...this.#byName].map(([name, room]) => ({
      name,
      expiresAt: room.settings.expiresAt,
      msgTtl: room.settings.msgTtl,
      createdAt: room.createdAt,
      members: [...room.members.values()].map((m) => ({ member: m.id, bundle: m.bundle })),
    }));
  }

  #hold(name: string): { pending: number; ready: Promise<void> } {
    let attachment = this.#attached.get(name);
    if (!attachment) {
      attachment = { pending: 0, ready: this.cluster.attach(name) };
      attachment.ready.catch(() => {});
      this.#attached.set(name, attachment);
    }
    attachment.pending += 1;
    return attachment;
  }

  #detachIfUnused(name: string): void {
    const attachment = this.#attached.get(name);
    if (!attachment || attachment.pending > 0 || this.#byName.has(name)) return;
    this.#attached.delete(name);
    this.cluster.detach(name);
  }

  #joiningOf(session: Session): Set<string> {
    let joining = this.#joining.get(session);
    if (!joining) {
      joining = new Set();
      this.#joining.set(session, joining);
    }
    return joining;
  }
}

/** Delivers an event from another instance to this instance's members of `room`. */
export function applyClusterEvent(room: Room, event: ClusterEvent): void {
  const handle = room.handle;
  switch (event.k) {
    case 'msg':
      room.broadcast(msgFrameBytes(handle, event.f, event.c, event.ts));
      return;
    case 'typ':
      room.broadcast(typingBytes(handle, event.f));
      return;
    case 'sig':
      room.members.get(event.to)?.session.send(signalFrame(handle, event.f, event.c));
      return;
    case 'join':
      room.broadcastChange(event.s, memberJoinBytes(handle, event.m, event.b));
      return;
    case 'leave':
      room.broadcastChange(event.s, memberLeaveBytes(handle, event.m));
      return;
  }
}
