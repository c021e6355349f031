/**
 * One room in memory (PROTOCOL.md §3): its members and their bundles, its expiry. A room exists
 * only while it has members; the service drops it the moment the last one leaves. Its fan-out
 * sends the same pre-encoded bytes (room-frames.ts) to every member.
 */
import { randomBytes } from 'node:crypto';
import { encodeB64u } from '../../shared/encoding.ts';
import type { EncodedFrame } from '../session/encoded-frame.ts';
import type { Session } from '../session/session.ts';
import type { ClusterMember } from './room-cluster.ts';

const MEMBER_ID_BYTES = 9; // 12 b64u characters

/** A fresh member id: random, tied to nothing (PROTOCOL.md §3). */
export function newMemberId(): string {
  return encodeB64u(randomBytes(MEMBER_ID_BYTES));
}

export type RoomKind = 'free' | 'paid';

/** A connection's presence in one room, under a member id of its own. */
export interface Member {
  readonly id: string;
  readonly session: Session;
  readonly bundle: string;
  readonly room: Room;
  /** Shared rooms: membership changes up to this number were already in the join reply. */
  readonly seq?: number;
}

/** A join that succeeded: the room, the new membership and (shared rooms) who else is in it. */
export interface JoinResult {
  room: Room;
  member: Member;
  /** Shared rooms: the other members anywhere, from the store. */
  others?: ClusterMember[];
}

/** What a room is created with (its first join decides them). */
export interface RoomSettings {
  /** Internal key: free rooms and paid rooms live in separate key spaces. */
  key: string;
  /** What clients call the room in frames. */
  handle: string;
  kind: RoomKind;
  expiresAt: number | null;
  msgTtl: number | null;
  name: string | null;
}

/** A room's members here and its settings; the service owns its life. */
export class Room {
  readonly members = new Map<string, Member>();
  expiryTimer: NodeJS.Timeout | undefined;
  /** The store's name of a room shared with other instances; `undefined` in memory mode. */
  clusterName: string | undefined;

  constructor(
    readonly settings: RoomSettings,
    readonly createdAt: number,
  ) {}

  get handle(): string {
    return this.settings.handle;
  }

  /** Sends the same frame bytes to every member but `except`. */
  broadcast(bytes: EncodedFrame, except?: Member): void {
    for (const member of this.members.values()) if (member !== except) member.session.sendShared(bytes);
  }

  /** Shared rooms: sends a membership change numbered `seq` to the members that joined before it. */
  broadcastChange(seq: number, bytes: EncodedFrame): void {
    for (const member of this.members.values()) {
      if ((member.seq ?? 0) < seq) member.session.sendShared(bytes);
    }
  }
}
