/**
 * What the room core needs from a shared store when several instances serve one population
 * (DESIGN.md "Scaling out"). In memory mode there is none and the room core works alone; with
 * Redis (`server/store/redis-rooms.ts`) membership and each room's handshake state (counter,
 * handshake key, join key, sealed GroupInfo) live in the store, and room frames travel between
 * instances as `ClusterEvent`s. Nothing here carries a room id, a wallet or a plaintext.
 */
import type { Admission, GroupState } from './room.ts';

/**
 * A room event on the room's channel. `s` numbers membership changes per room. `cmt` is an
 * accepted commit made at epoch `e`: published by the store in the order commits were accepted and
 * delivered by every instance, the accepting one included, in that order.
 */
export type ClusterEvent =
  | { k: 'join'; s: number; m: string }
  | { k: 'leave'; s: number; m: string }
  | { k: 'msg'; f: string; c: string; ts: number }
  | { k: 'sig'; f: string; to: string; c: string }
  | { k: 'cmt'; f: string; e: number; c: string };

export interface ClusterRoomSettings {
  expiresAt: number | null;
  msgTtl: number | null;
  admission: Admission;
}

export type ClusterJoin =
  | (ClusterRoomSettings & {
      ok: true;
      /** Membership changes up to and including this join; older events are not for the joiner. */
      seq: number;
      others: string[];
      group: GroupState;
    })
  | { ok: false; code: 'expired' | 'room_full' };

/** What `auth` is checked against: the room's counter and keys, read before the check-and-set. */
export interface HandshakeKeys {
  epoch: number;
  /** b64u; `''` before the epoch-0 frame. */
  handshakeKey: string;
  joinKey: string;
}

/** A commit that passed every check, for the store's atomic check-and-set. */
export interface CommitWrite {
  /** The frame's epoch, which must still be the room's counter. */
  epoch: number;
  /** The handshake key `auth` was checked against: the write fails if it changed meanwhile. */
  expectedKey: string;
  nextKey: string;
  /** Only in the epoch-0 frame: set once. */
  joinKey: string | undefined;
  groupInfo: string;
  from: string;
  /** `null` in the epoch-0 frame, which relays nothing. */
  commit: string | null;
}

export type CommitOutcome =
  | { ok: true; epoch: number }
  | { ok: false; code: 'stale_epoch'; epoch: number }
  | { ok: false; code: 'not_found' };

/** One room as this instance holds it, for re-registration after the store lost its data. */
export interface LocalRoomState {
  name: string;
  expiresAt: number | null;
  msgTtl: number | null;
  admission: Admission;
  createdAt: number;
  members: string[];
}

export interface ClusterHooks {
  onEvent(name: string, event: ClusterEvent): void;
  localRooms(): LocalRoomState[];
}

export interface RoomCluster {
  /** The store is reachable: room frames can be served correctly. */
  readonly available: boolean;
  /** The store's name for a room key (a keyed hash). */
  nameOf(key: string): string;
  connect(hooks: ClusterHooks): void;
  /** Starts receiving the room's events; resolves once subscribed. */
  attach(name: string): Promise<void>;
  detach(name: string): void;
  join(name: string, member: string, settings: ClusterRoomSettings, now: number): Promise<ClusterJoin>;
  /** Removes a member (announced to the others, or the room is gone); queued if Redis is away. */
  leave(name: string, member: string): void;
  /** Tombstones and removes an expired room. */
  expire(name: string, now: number): void;
  publishMessage(name: string, from: string, ct: string, ts: number): void;
  /** `false` when `to` is not a member anywhere. */
  signal(name: string, from: string, to: string, ct: string): Promise<boolean>;
  /** The room's counter and keys; `undefined` when `member` is not in the room. */
  handshakeKeys(name: string, member: string): Promise<HandshakeKeys | undefined>;
  /** The atomic check-and-set of a commit, and its publication on the room's channel. */
  commit(name: string, member: string, write: CommitWrite): Promise<CommitOutcome>;
  /** The room's counter and GroupInfo; `undefined` when `member` is not in the room. */
  group(name: string, member: string): Promise<GroupState | undefined>;
  close(): Promise<void>;
}
