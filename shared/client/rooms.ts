/**
 * The client's rooms (PROTOCOL.md §3, docs/client-rooms.md): creating and joining free rooms by S,
 * knocking on approval rooms by roomId, joining paid rooms by key, routing each room frame to its
 * `Room` synchronously in wire order, and after a reconnect rejoining every room (a new MLS leaf
 * with the same per-room identity; a knocker knocks again).
 */
import { generateLinkSecret } from '../crypto/room-secret.ts';
import { parseShareInput } from '../e2e/share-code.ts';
import { MIN_ROOM_TTL_SECONDS } from '../protocol/limits.ts';
import type { JoinedFrame, ServerFrame } from '../protocol/server-frames.ts';
import { InvalidShareInputError, ProtocolError, RoomStateError } from './client-errors.ts';
import type { Connection } from './connection.ts';
import { Room, type RoomTarget, type RoomTransport } from './room.ts';

/** Options of `createFreeRoom`, in seconds. */
export interface FreeRoomOptions {
  /** Room lifetime, 60 s … 30 days. */
  ttl: number;
  /** Default message lifetime that members apply. */
  msgTtl?: number;
  /** `open`: the link joins at once; `approval`: the link knocks and a member approves. */
  admission?: 'open' | 'approval';
  /** The room's name, sent end to end to every member. */
  name?: string;
}

type JoinExtra = Partial<Pick<FreeRoomOptions, 'ttl' | 'msgTtl' | 'admission'>>;

/** See the module header. */
export class Rooms {
  readonly #connection: Connection;
  readonly #transport: RoomTransport;
  readonly #installSecret: Uint8Array;
  readonly #rooms = new Set<Room>();
  readonly #byHandle = new Map<string, Room>();
  readonly #pendingJoins = new Map<string, Room>();

  constructor(connection: Connection, transport: RoomTransport, installSecret: Uint8Array) {
    this.#connection = connection;
    this.#transport = transport;
    this.#installSecret = installSecret;
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

  /** Makes a new free room (a fresh S) and joins it first: we create its MLS group. */
  createFreeRoom(options: FreeRoomOptions): Promise<Room> {
    const { name, ...extra } = options;
    return this.#joinNew({ kind: 'free', secret: generateLinkSecret(), ...(name ? { name } : {}) }, extra);
  }

  /**
   * Joins a free room by its S, secret code or join link (external commit), or knocks on an
   * approval room by its knock code or link (the room's status is `knocking` until a member
   * approves). `options` apply only when the room does not exist (any more): then this join
   * creates it (PROTOCOL.md §3).
   */
  joinFreeRoom(input: Uint8Array | string, options: JoinExtra = {}): Promise<Room> {
    if (typeof input !== 'string') return this.#joinNew({ kind: 'free', secret: input }, options);
    const parsed = parseShareInput(input);
    if (!parsed.ok) return Promise.reject(new InvalidShareInputError(parsed.reason));
    if (parsed.kind === 'knock') return this.#joinNew({ kind: 'knock', roomId: parsed.roomId }, {});
    return this.#joinNew({ kind: 'free', secret: parsed.linkSecret }, options);
  }

  /**
   * Joins a paid room with an NFT key (its mint address) this wallet holds and the room secret S
   * from the key's invitation (it seals the room's GroupInfo; the server never sees it).
   */
  joinPaidRoom(mint: string, secret: Uint8Array): Promise<Room> {
    if (!(secret instanceof Uint8Array) || secret.length !== 32) {
      return Promise.reject(new RoomStateError('a paid room needs its 32-byte room secret'));
    }
    return this.#joinNew({ kind: 'paid', mint, secret }, {});
  }

  async #joinNew(target: RoomTarget, extra: JoinExtra): Promise<Room> {
    const room = new Room(target, this.#installSecret, this.#transport);
    try {
      await this.#join(room, extra);
      await room.entered();
    } catch (error) {
      const reason = error instanceof ProtocolError ? error.code : 'join_failed';
      this.#leaveQuietly(room.handle);
      room.close(reason);
      throw error;
    }
    this.#rooms.add(room);
    room.once('closed', () => this.#forget(room));
    return room;
  }

  async #join(room: Room, extra: JoinExtra): Promise<JoinedFrame> {
    const id = this.#connection.nextRequestId();
    this.#pendingJoins.set(id, room);
    const target = room.kind === 'paid' ? { key: room.mint! } : { room: room.roomId! };
    try {
      return await this.#connection.request({ t: 'join', id, ...target, ...extra });
    } finally {
      this.#pendingJoins.delete(id);
    }
  }

  #route(frame: ServerFrame): void {
    if (frame.t === 'joined') {
      const room = frame.id === undefined ? undefined : this.#pendingJoins.get(String(frame.id));
      if (!room) return;
      this.#pendingJoins.delete(String(frame.id));
      this.#attach(room, frame);
      return;
    }
    if ('room' in frame && frame.t !== 'left') this.#byHandle.get(frame.room)?.handleFrame(frame);
  }

  #attach(room: Room, joined: JoinedFrame): void {
    if (room.status === 'closed') {
      // Left while the join was in flight: leave the membership the server just made.
      this.#leaveQuietly(joined.room);
      return;
    }
    if (room.handle) this.#byHandle.delete(room.handle);
    try {
      room.attach(joined);
    } catch {
      // The handle does not match S (a misbehaving server): refuse the room.
      this.#leaveQuietly(joined.room);
      room.close('bad_room');
      return;
    }
    this.#byHandle.set(joined.room, room);
  }

  #leaveQuietly(handle: string): void {
    if (!handle) return;
    try {
      this.#connection.send({ t: 'leave', room: handle });
    } catch {
      // Not connected: the server dropped the membership with the connection.
    }
  }

  async #rejoinAll(): Promise<void> {
    await Promise.all([...this.#rooms].map((room) => this.#rejoin(room)));
  }

  async #rejoin(room: Room): Promise<void> {
    if (room.status !== 'rejoining' && room.status !== 'joining') return;
    const now = this.#transport.now();
    if (room.expiresAt !== null && room.expiresAt <= now) return room.close('expired');
    // If everyone dropped, the room is gone and our join recreates it: keep its expiry, msgTtl, admission.
    const extra: JoinExtra = {};
    if (room.kind === 'free' && room.expiresAt !== null) {
      extra.ttl = Math.max(MIN_ROOM_TTL_SECONDS, Math.ceil((room.expiresAt - now) / 1000));
      if (room.msgTtl !== null) extra.msgTtl = room.msgTtl;
      extra.admission = room.admission;
    }
    try {
      await this.#join(room, extra);
      await room.entered();
    } catch (error) {
      if (error instanceof ProtocolError) room.close(error.code);
      else if (error instanceof RoomStateError) return; // closed while rejoining
      // Otherwise the connection dropped again: the next `ready` retries.
    }
  }

  #forget(room: Room): void {
    this.#rooms.delete(room);
    if (this.#byHandle.get(room.handle) === room) this.#byHandle.delete(room.handle);
  }
}
