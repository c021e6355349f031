/**
 * One room in memory (PROTOCOL.md §3): its members and their bundles, its expiry. A room exists
 * only while it has members; the service drops it the moment the last one leaves.
 */
import { randomBytes } from 'node:crypto';
import { encodeB64u } from '../../shared/encoding.ts';
import type { Session } from '../session/session.ts';

const MEMBER_ID_BYTES = 9; // 12 b64u characters

/** A fresh member id: random, tied to nothing (PROTOCOL.md §3). */
export function newMemberId(): string {
  return encodeB64u(randomBytes(MEMBER_ID_BYTES));
}

/**
 * The bytes of a `msg` frame, built without JSON.stringify on the relay's hot path. Safe only
 * because every caller passes fields its schema already checked: the handle, member id and `ct`
 * are base64url and `ts` an integer, so nothing needs escaping.
 */
export function msgFrameBytes(room: string, from: string, ct: string, ts: number): Buffer {
  return Buffer.from(`{"t":"msg","room":"${room}","from":"${from}","ct":"${ct}","ts":${ts}}`, 'utf8');
}

export type RoomKind = 'free' | 'paid';

export interface Member {
  readonly id: string;
  readonly session: Session;
  readonly bundle: string;
  readonly room: Room;
  /** Shared rooms: membership changes up to this number were already in the join reply. */
  readonly seq?: number;
}

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
  broadcast(bytes: Uint8Array, except?: Member): void {
    for (const member of this.members.values()) if (member !== except) member.session.sendShared(bytes);
  }

  /** Shared rooms: sends a membership change numbered `seq` to the members that joined before it. */
  broadcastChange(seq: number, bytes: Uint8Array): void {
    for (const member of this.members.values()) {
      if ((member.seq ?? 0) < seq) member.session.sendShared(bytes);
    }
  }
}
