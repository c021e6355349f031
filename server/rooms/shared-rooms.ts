/**
 * Rooms shared with other instances through a `RoomCluster` (DESIGN.md "Scaling out"): joins go
 * through the store, which holds the membership and the handshake state; this instance subscribes
 * to a room's events while it has members there (or a join is under way) and delivers what other
 * instances relay to its own members. The room core (room-service.ts) lends it what it needs as a
 * `RoomCore`.
 *
 * Commits (docs/scaling-out.md "Handshakes"): the room's keys are read, `auth` is verified on the
 * thread pool, and one store script checks that the counter and handshake key are still the ones
 * read, sets the new state and publishes the commit on the room's channel, all at once. So commits
 * are accepted one per epoch across instances and travel in the order accepted; every instance,
 * this one included, delivers them to its members from the channel, in that order. The
 * committer's reply, and its later frames, wait until its commit was delivered here.
 */
import { decodeB64u } from '../../shared/encoding.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import { verifyCommitAuth } from '../crypto/commit-auth.ts';
import type { Session } from '../session/session.ts';
import type { CheckedCommit } from './commit-checks.ts';
import {
  type GroupState,
  type JoinResult,
  type Member,
  newMemberId,
  type Room,
  type RoomSettings,
} from './room.ts';
import type { ClusterEvent, LocalRoomState, RoomCluster } from './room-cluster.ts';
import {
  commitForbidden,
  commitFrameBytes,
  joinRefused,
  memberJoinBytes,
  memberLeaveBytes,
  msgFrameBytes,
  notAMember,
  roomsUnavailable,
  signalFrame,
  staleEpoch,
} from './room-frames.ts';

/** How long a committer waits for its own commit to come back on the channel before going on. */
const COMMIT_DELIVERY_WAIT_MS = 3000;

/** Commits delivered here per room, and who waits for one. */
interface CommitDeliveries {
  /** The highest epoch a delivered commit was made at (−1: none yet). */
  delivered: number;
  waiters: Array<{ epoch: number; resolve: () => void }>;
}

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
  readonly #deliveries = new Map<string, CommitDeliveries>();

  constructor(
    private readonly cluster: RoomCluster,
    private readonly core: RoomCore,
  ) {}

  async join(session: Session, settings: RoomSettings): Promise<JoinResult> {
    const joining = this.#joiningOf(session);
    this.core.checkMayJoin(session, settings.handle, joining);
    if (!this.cluster.available) throw roomsUnavailable();
    const name = this.cluster.nameOf(settings.key);
    joining.add(settings.handle);
    const attachment = this.#hold(name);
    try {
      await attachment.ready;
      const id = newMemberId();
      const result = await this.cluster.join(name, id, settings, this.core.now());
      if (!result.ok) throw joinRefused(result.code);
      if (!session.isReady) {
        this.cluster.leave(name, id);
        throw new ProtocolError('unauthorized', 'the session ended during the join');
      }
      let room = this.core.find(settings.key);
      if (!room) {
        const { expiresAt, msgTtl, admission } = result;
        room = this.core.create({ ...settings, expiresAt, msgTtl, admission });
        room.clusterName = name;
        this.#byName.set(name, room);
      }
      const member: Member = { id, session, room, seq: result.seq, joinedAtEpoch: result.group.epoch };
      this.core.enter(member);
      return {
        room,
        member,
        shared: { others: result.others, group: result.group, admission: result.admission },
      };
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      throw roomsUnavailable(error);
    } finally {
      joining.delete(settings.handle);
      attachment.pending -= 1;
      this.#detachIfUnused(name);
    }
  }

  /**
   * A commit that passed shape, sizes and membership here: the store checks membership and epoch,
   * this instance `auth`, and the store's check-and-set decides. Resolves to the new counter once
   * the commit was delivered to this instance's members.
   */
  async commit(member: Member, commit: CheckedCommit): Promise<number> {
    const name = member.room.clusterName!;
    let outcome: Awaited<ReturnType<RoomCluster['commit']>>;
    try {
      const keys = await this.cluster.handshakeKeys(name, member.id);
      if (!keys) throw notAMember();
      if (commit.epoch !== keys.epoch) throw staleEpoch(keys.epoch);
      if (commit.epoch > 0) {
        const candidates = [decodeB64u(keys.handshakeKey), decodeB64u(keys.joinKey)];
        const ok = commit.auth && (await verifyCommitAuth(commit.authMessage(), commit.auth, candidates));
        if (!ok) throw commitForbidden();
      }
      outcome = await this.cluster.commit(name, member.id, {
        epoch: commit.epoch,
        expectedKey: keys.handshakeKey,
        nextKey: commit.nextKey,
        joinKey: commit.joinKey,
        groupInfo: commit.groupInfo,
        from: member.id,
        commit: commit.commit,
      });
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      throw roomsUnavailable(error);
    }
    if (!outcome.ok) throw outcome.code === 'not_found' ? notAMember() : staleEpoch(outcome.epoch);
    if (commit.commit !== null) await this.#delivered(name, commit.epoch);
    return outcome.epoch;
  }

  /** `group`: the room's counter and GroupInfo, from the store. */
  async group(member: Member): Promise<GroupState> {
    let state: GroupState | undefined;
    try {
      state = await this.cluster.group(member.room.clusterName!, member.id);
    } catch (error) {
      throw roomsUnavailable(error);
    }
    if (!state) throw notAMember();
    return state;
  }

  /** A commit made at `epoch` was delivered to this instance's members of room `name`. */
  commitDelivered(name: string, epoch: number): void {
    const deliveries = this.#deliveries.get(name);
    if (!deliveries) return;
    deliveries.delivered = Math.max(deliveries.delivered, epoch);
    deliveries.waiters = deliveries.waiters.filter((waiter) => {
      if (waiter.epoch > epoch) return true;
      waiter.resolve();
      return false;
    });
  }

  /** Resolves once a commit made at `epoch` was delivered here (or after a bound: then it is late). */
  #delivered(name: string, epoch: number): Promise<void> {
    const deliveries = this.#deliveries.get(name);
    if (!deliveries || deliveries.delivered >= epoch) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, COMMIT_DELIVERY_WAIT_MS);
      timer.unref();
      deliveries.waiters.push({
        epoch,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
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
      admission: room.settings.admission,
      members: [...room.members.keys()],
    }));
  }

  #hold(name: string): { pending: number; ready: Promise<void> } {
    let attachment = this.#attached.get(name);
    if (!attachment) {
      attachment = { pending: 0, ready: this.cluster.attach(name) };
      this.#deliveries.set(name, { delivered: -1, waiters: [] });
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
    for (const waiter of this.#deliveries.get(name)?.waiters ?? []) waiter.resolve();
    this.#deliveries.delete(name);
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

  /** Delivers an event from the room's channel to this instance's members of room `name`. */
  applyEvent(name: string, event: ClusterEvent): void {
    const room = this.#byName.get(name);
    if (room) applyClusterEvent(room, event);
    if (event.k === 'cmt') this.commitDelivered(name, event.e);
  }
}

/** Delivers an event from the room's channel to this instance's members of `room`. */
function applyClusterEvent(room: Room, event: ClusterEvent): void {
  const handle = room.handle;
  switch (event.k) {
    case 'msg':
      room.broadcast(msgFrameBytes(handle, event.f, event.c, event.ts));
      return;
    case 'cmt':
      room.broadcastCommit(event.e, commitFrameBytes(handle, event.f, event.e, event.c), event.f);
      return;
    case 'sig':
      room.members.get(event.to)?.session.send(signalFrame(handle, event.f, event.c));
      return;
    case 'join':
      room.broadcastChange(event.s, memberJoinBytes(handle, event.m));
      return;
    case 'leave':
      room.broadcastChange(event.s, memberLeaveBytes(handle, event.m));
      return;
  }
}
