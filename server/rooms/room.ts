/**
 * One room in memory (PROTOCOL.md §3, version 2): its members, its expiry and, for a room held
 * here only, the handshake state: the counter `epoch`, the current handshake key, the join key and
 * the latest sealed GroupInfo (opaque). A room exists only while it has members; the service drops
 * it, and all of that with it, the moment the last one leaves. A room shared through the store
 * keeps its handshake state in the store only. Its fan-out sends the same pre-encoded bytes
 * (room-frames.ts) to every member.
 */
import { randomBytes } from 'node:crypto';
import { encodeB64u } from '../../shared/encoding.ts';
import type { Ed25519PublicKey } from '../crypto/ed25519-verify.ts';
import type { EncodedFrame } from '../session/encoded-frame.ts';
import type { Session } from '../session/session.ts';

const MEMBER_ID_BYTES = 9; // 12 b64u characters

/** A fresh member id: random, tied to nothing (PROTOCOL.md §3). */
export function newMemberId(): string {
  return encodeB64u(randomBytes(MEMBER_ID_BYTES));
}

export type RoomKind = 'free' | 'paid';
/** Which way in clients offer (PROTOCOL.md §3); the server treats both alike. */
export type Admission = 'open' | 'approval';

/** A connection's presence in one room, under a member id of its own. */
export interface Member {
  readonly id: string;
  readonly session: Session;
  readonly room: Room;
  /** Shared rooms: membership changes up to this number were already in the join reply. */
  readonly seq?: number;
  /** The room's counter in the join reply: relayed commits made before it are not sent. */
  readonly joinedAtEpoch: number;
  /**
   * Shared rooms: this member's relay operations still under way (a commit waits on the store),
   * which its later frames wait for, so the others get its frames in the order it sent them.
   */
  pending?: Promise<void> | undefined;
}

/** The group state a join reply carries. */
export interface GroupState {
  epoch: number;
  groupInfo: string | null;
}

/** A join that succeeded: the room, the new membership and (shared rooms) what the store holds. */
export interface JoinResult {
  room: Room;
  member: Member;
  /** Shared rooms: the other members anywhere and the group state, from the store. */
  shared?: { others: string[]; group: GroupState; admission: Admission };
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
  admission: Admission;
}

/** A room's members here and its settings; the service owns its life. */
export class Room {
  readonly members = new Map<string, Member>();
  expiryTimer: NodeJS.Timeout | undefined;
  /** The store's name of a room shared with other instances; `undefined` in memory mode. */
  clusterName: string | undefined;
  /** Memory mode: accepted handshakes so far (0: no group yet). */
  epoch = 0;
  /** Memory mode: the key `auth` verifies under at `epoch` (the last commit's `nextKey`). */
  handshakeKey: Ed25519PublicKey | undefined;
  /** Memory mode: the key external commits sign with, published once at epoch 0. */
  joinKey: Ed25519PublicKey | undefined;
  /** Memory mode: the latest sealed GroupInfo, opaque. */
  groupInfo: string | null = null;

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

  /**
   * Sends another member's commit, made at `epoch`, to every member but its sender that joined at
   * or before that epoch (a later joiner's group state already includes it).
   */
  broadcastCommit(epoch: number, bytes: EncodedFrame, from: string): void {
    for (const member of this.members.values()) {
      if (member.id !== from && member.joinedAtEpoch <= epoch) member.session.sendShared(bytes);
    }
  }

  /** Shared rooms: sends a membership change numbered `seq` to the members that joined before it. */
  broadcastChange(seq: number, bytes: EncodedFrame): void {
    for (const member of this.members.values()) {
      if ((member.seq ?? 0) < seq) member.session.sendShared(bytes);
    }
  }
}
