/**
 * The headless AnoGhost client: one object the extension (and tests) use for the whole protocol.
 * It wires a `Connection` (sign-in, ghosts, reconnects), `Rooms` (E2E rooms) and paid-chat
 * requests together; everything it does on the wire is in those modules.
 */

import { generateInstallSecret, INSTALL_SECRET_LENGTH } from '../e2e/room-identity.ts';
import {
  Connection,
  type ConnectionEvents,
  type ConnectionOptions,
  type ConnectionState,
  type Ghost,
} from './connection.ts';
import type { Unsubscribe } from './event-emitter.ts';
import { stripEnvelope } from './frame-codec.ts';
import {
  acceptInvitation,
  declineInvitation,
  type HeldKey,
  type Invitation,
  listInvitations,
  listKeys,
  type Minted,
  type Quote,
  type QuoteRequest,
  type RedeemRequest,
  redeemQuote,
  requestQuote,
} from './paid-chats.ts';
import type { Room } from './room.ts';
import { type FreeRoomOptions, Rooms } from './rooms.ts';
import type { SessionCredentials } from './session-credentials.ts';

/** Options of the client: the connection's, plus the install secret. */
export interface AnoGhostClientOptions extends ConnectionOptions {
  /**
   * 32 bytes kept by the install (the extension: `storage.local`): every per-room identity key
   * derives from it, so fingerprints stay the same across reconnects and restarts. Without it the
   * client draws one for its own lifetime.
   */
  installSecret?: Uint8Array;
}

/** See the module header. */
export class AnoGhostClient {
  readonly connection: Connection;
  readonly #rooms: Rooms;

  constructor(options: AnoGhostClientOptions) {
    this.connection = new Connection(options);
    const now = options.now ?? Date.now;
    const installSecret = options.installSecret?.slice() ?? generateInstallSecret();
    if (installSecret.length !== INSTALL_SECRET_LENGTH) throw new TypeError('installSecret must be 32 bytes');
    this.#rooms = new Rooms(
      this.connection,
      {
        send: (frame) => this.connection.send(frame),
        request: (frame) => this.connection.request(frame),
        origin: this.connection.origin,
        now,
        timers: this.connection.timers,
      },
      installSecret,
    );
  }

  /** Subscribes to a connection event; returns the unsubscribe function. */
  on<K extends keyof ConnectionEvents>(
    event: K,
    listener: (payload: ConnectionEvents[K]) => void,
  ): Unsubscribe {
    return this.connection.on(event, listener);
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  /** The current ghost, once signed in. */
  get ghost(): Ghost | undefined {
    return this.connection.ghost;
  }

  /** The credentials to store (also emitted as `credentials` when new). */
  get credentials(): SessionCredentials | undefined {
    return this.connection.credentials;
  }

  /** Connects and signs in; asks the wallet only when there are no usable credentials. */
  connect(): Promise<Ghost> {
    return this.connection.connect();
  }

  /** Closes for good: no reconnect; rooms stay listed as rejoining until closed by the caller. */
  close(): void {
    for (const room of this.#rooms.list()) room.close('left');
    this.connection.close();
  }

  /** A new ghostId now. */
  async rotate(): Promise<Ghost> {
    return stripEnvelope(await this.connection.request({ t: 'rotate' }));
  }

  /** Which ghostIds the server can still open (up to 32). */
  async check(ghostIds: string[]): Promise<boolean[]> {
    const reply = await this.connection.request({ t: 'check', ghostIds });
    return reply.live;
  }

  /** Rooms we are in or rejoining. */
  rooms(): Room[] {
    return this.#rooms.list();
  }

  /** Creates a free room (new link secret) and joins it; share it with `room.shareCode()`. */
  createFreeRoom(options: FreeRoomOptions): Promise<Room> {
    return this.#rooms.createFreeRoom(options);
  }

  /**
   * Joins a free room by S, secret code or join link, or knocks on an approval room by its knock
   * code or link (then `room.status` is `knocking` until a member approves); `options` apply if
   * this join creates the room.
   */
  joinFreeRoom(
    input: Uint8Array | string,
    options?: Partial<Pick<FreeRoomOptions, 'ttl' | 'msgTtl' | 'admission'>>,
  ): Promise<Room> {
    return this.#rooms.joinFreeRoom(input, options);
  }

  /** Joins a paid room with a held NFT key and the room secret its invitation carried. */
  joinPaidRoom(mint: string, secret: Uint8Array): Promise<Room> {
    return this.#rooms.joinPaidRoom(mint, secret);
  }

  /** Paid chats: the price and payment transaction for invitations to these ghost cards. */
  quote(request: QuoteRequest): Promise<Quote> {
    return requestQuote(this.connection, request);
  }

  /** Paid chats: mint the initiator's key and send the invitations, once the payment is signed (or sent). */
  redeem(request: RedeemRequest): Promise<Minted> {
    return redeemQuote(this.connection, request);
  }

  /** Paid chats: this wallet's pending invitations (new ones also come as `invite` events). */
  invitations(): Promise<Invitation[]> {
    return listInvitations(this.connection);
  }

  /** Paid chats: accept an invitation; its key is minted to `holder`. Resolves with the mint. */
  accept(invite: string, holder: string): Promise<string> {
    return acceptInvitation(this.connection, invite, holder);
  }

  /** Paid chats: decline an invitation. */
  decline(invite: string): Promise<void> {
    return declineInvitation(this.connection, invite);
  }

  /** Paid chats: the keys these holders hold that are bound to this wallet. */
  keys(holders: string[]): Promise<HeldKey[]> {
    return listKeys(this.connection, holders);
  }
}
