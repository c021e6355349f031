/**
 * The client's rooms (PROTOCOL.md §3): joining free rooms by link secret and paid rooms by key,
 * routing each room frame to its `Room` synchronously in wire order, and after a reconnect
 * rejoining every room (free: with S and a fresh bundle; paid: with the key).
 */

import { type MemberKeys, wipeMemberKeys } from '../crypto/member-keys.ts';
import { deriveRoomId, generateLinkSecret } from '../crypto/room-secret.ts';
import { createMemberBundle } from '../e2e/member-bundle.ts';
import { parseShareInput } from '../e2e/share-code.ts';
import { MIN_ROOM_TTL_SECONDS } from '../protocol/limits.ts';
import type { JoinedFrame, ServerFrame } from '../protocol/server-frames.ts';
import { InvalidShareInputError, ProtocolError } from './client-errors.ts';
import type { Connection } from './connection.ts';
import { Room, type RoomTransport } from './room.ts';

/** Options of `createFreeRoom`, in seconds. */
export interface FreeRoomOptions {
  /** Room lifetime, 60 s … 30 days. */
  ttl: number;
  /** Default message lifetime that members apply. */
  msgTtl?: number;
}

/** See the module header. */
export class Rooms {
  readonly #connection: Connection;
  readonly #transport: RoomTransport;
  readonly #rooms = new Set<Room>();
  readonly #byHandle = new Map<string, Room>();
  readonly #pendingJoins = new Map<string, { room: Room; keys: MemberKeys }>();

  constructor(connection: Connection, transport: RoomTransport) {
    this.#connection = connection;
    this.#transport = transport;
    connection.on('frame', (frame) => this.#route(frame));
    connection.on('state', ({ state }) => {
      if (state !== 'ready') for (const room of this.#rooms) room.suspend();
    });
    // Any sign-in (a reconnect, or `connect()` after `unauthorized`) rejoins suspended rooms.
    connection.on('ready', () => void this.#rejoinAll());
  }

  /** Rooms we are in (or rejoining). */
  list(): Room[] {
    return [...this.#rooms];
  }

  /** Makes a new free room (a fresh link secret S) and joins it first. */
  createFreeRoom(options: FreeRoomOptions): Promise<Room> {
    return this.#joinNew({ linkSecret: generateLinkSecret() }, options);
  }

  /**
   * Joins a free room by its link secret, share code or join link. `options` apply only when the
   * room does not exist (any more): then this join creates it (PROTOCOL.md §3).
   */
  joinFreeRoom(input: Uint8Array | string, options: Partial<FreeRoomOptions> = {}): Promise<Room> {
    let linkSecret: Uint8Array;
    if (typeof input === 'string') {
      const parsed = parseShareInput(input);
      if (!parsed.ok) return Promise.reject(new InvalidShareInputError(parsed.reason));
      if (parsed.kind !== 'secret') {
        return Promise.reject(
          new InvalidShareInputError('this code asks to knock on a room; knocking needs rooms v2'),
        );
      }
      linkSecret = parsed.linkSecret;
    } else linkSecret = input;
    return this.#joinNew({ linkSecret }, options);
  }

  /** Joins a paid room with an NFT key (its mint address) that this wallet holds. */
  joinPaidRoom(mint: string): Promise<Room> {
    return this.#joinNew({ mint }, {});
  }

  async #joinNew(target: { linkSecret: Uint8Array } | { mint: string }, extra: Partial<FreeRoomOptions>) {
    const room = new Room(target, this.#transport);
    try {
      await this.#join(room, extra);
    } catch (error) {
      room.close('join_failed');
      throw error;
    }
    this.#rooms.add(room);
    room.once('closed', () => this.#forget(room));
    return room;
  }

  async #join(room: Room, extra: Partial<FreeRoomOptions>): Promise<JoinedFrame> {
    const { keys, bundle } = createMemberBundle(room.linkSecret);
    const id = this.#connection.nextRequestId();
    this.#pendingJoins.set(id, { room, keys });
    const target = room.linkSecret ? { room: deriveRoomId(room.linkSecret) } : { key: room.mint! };
    try {
      return await this.#connection.request({ t: 'join', id, ...target, bundle, ...extra });
    } finally {
      if (this.#pendingJoins.delete(id)) wipeMemberKeys(keys); // never attached
    }
  }

  #route(frame: ServerFrame): void {
    if (frame.t === 'joined') {
      const pending = frame.id === undefined ? undefined : this.#pendingJoins.get(String(frame.id));
      if (!pending) return;
      this.#pendingJoins.delete(String(frame.id));
      this.#attach(pending.room, frame, pending.keys);
      return;
    }
    if ('room' in frame && frame.t !== 'left') this.#byHandle.get(frame.room)?.handleFrame(frame);
  }

  #attach(room: Room, joined: JoinedFrame, keys: MemberKeys): void {
    if (room.status === 'closed') {
      // Left while the join was in flight: leave the membership the server just made.
      wipeMemberKeys(keys);
      this.#leaveQuietly(joined.room);
      return;
    }
    if (room.handle) this.#byHandle.delete(room.handle);
    this.#byHandle.set(joined.room, room);
    try {
      room.attach(joined, keys);
    } catch {
      // The handle does not match S (a misbehaving server): refuse the room.
      wipeMemberKeys(keys);
      this.#leaveQuietly(joined.room);
      room.close('bad_room');
    }
  }

  #leaveQuietly(handle: string): void {
    try {
      this.#connection.send({ t: 'leave', room: handle });
    } catch {
      // Not connected: the server dropped the membership with the connection.
    }
  }

  async #rejoinAll(): Promise<void> {
    for (const room of [...this.#rooms]) {
      if (room.status !== 'rejoining') continue;
      const now = this.#transport.now();
      if (room.expiresAt !== null && room.expiresAt <= now) {
        room.close('expired');
        continue;
      }
      // If everyone dropped, the room is gone and our join recreates it: keep its expiry and msgTtl.
      const extra: Partial<FreeRoomOptions> = {};
      if (room.kind === 'free' && room.expiresAt !== null) {
        extra.ttl = Math.max(MIN_ROOM_TTL_SECONDS, Math.ceil((room.expiresAt - now) / 1000));
        if (room.msgTtl !== null) extra.msgTtl = room.msgTtl;
      }
      try {
        await this.#join(room, extra);
      } catch (error) {
        if (error instanceof ProtocolError) room.close(error.code);
        // Otherwise the connection dropped again: the next `ready` retries.
      }
    }
  }

  #forget(room: Room): void {
    this.#rooms.delete(room);
    if (this.#byHandle.get(room.handle) === room) this.#byHandle.delete(room.handle);
  }
}
