/**
 * One room in memory (PROTOCOL.md §3): its members and their bundles, its expiry. A room exists
 * only while it has members; the service drops it the moment the last one leaves.
 */
import type { Session } from '../session/session.ts';

export type RoomKind = 'free' | 'paid';

export interface Member {
  readonly id: string;
  readonly session: Session;
  readonly bundle: string;
  readonly room: Room;
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
}
