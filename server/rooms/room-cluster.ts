/**
 * What the room core needs from a shared store when several instances serve one population
 * (DESIGN.md "Scaling out"). In memory mode there is none and the room core works alone; with
 * Redis (`server/store/redis-rooms.ts`) membership lives in the store and room frames travel
 * between instances as `ClusterEvent`s. Nothing here carries a room id, a wallet or a plaintext.
 */

/** A room event from another instance. `s` numbers membership changes per room. */
export type ClusterEvent =
  | { k: 'join'; s: number; m: string; b: string }
  | { k: 'leave'; s: number; m: string }
  | { k: 'msg'; f: string; c: string; ts: number }
  | { k: 'sig'; f: string; to: string; c: string }
  | { k: 'typ'; f: string };

export interface ClusterMember {
  member: string;
  bundle: string;
}

export type ClusterJoin =
  | {
      ok: true;
      expiresAt: number | null;
      msgTtl: number | null;
      /** Membership changes up to and including this join; older events are not for the joiner. */
      seq: number;
      others: ClusterMember[];
    }
  | { ok: false; code: 'expired' | 'room_full' };

/** One room as this instance holds it, for re-registration after the store lost its data. */
export interface LocalRoomState {
  name: string;
  expiresAt: number | null;
  msgTtl: number | null;
  createdAt: number;
  members: ClusterMember[];
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
  join(
    name: string,
    member: string,
    bundle: string,
    settings: { expiresAt: number | null; msgTtl: number | null },
    now: number,
  ): Promise<ClusterJoin>;
  /** Removes a member (announced to the others, or the room is gone); queued if Redis is away. */
  leave(name: string, member: string): void;
  /** Tombstones and removes an expired room. */
  expire(name: string, now: number): void;
  publishMessage(name: string, from: string, ct: string, ts: number): void;
  /** `false` when `to` is not a member anywhere. */
  signal(name: string, from: string, to: string, ct: string): Promise<boolean>;
  publishTyping(name: string, from: string): void;
  close(): Promise<void>;
}
