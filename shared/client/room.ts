/**
 * A room as the UI sees it (PROTOCOL.md §3): its handle, our member id, the members and whether
 * their bundles were accepted, the safety code, the message list with temporary messages and
 * unsend, typing, leave. The `Rooms` manager attaches a membership on every (re)join; the room
 * object and its message list survive reconnects, the keys do not (a rejoin makes new ones).
 */

import type { MemberKeys } from '../crypto/member-keys.ts';
import { createTextMessage, createUnsendMessage, type TextMessage } from '../e2e/message-plaintext.ts';
import type { DecryptError, SenderKeyGroup, SenderKeyGroupOptions } from '../e2e/sender-key-group.ts';
import { buildJoinUrl, encodeShareCode } from '../e2e/share-code.ts';
import type { ClientFrame } from '../protocol/client-frames.ts';
import type { ReplyOf, RequestFrame } from '../protocol/request-replies.ts';
import type { JoinedFrame, ServerFrame } from '../protocol/server-frames.ts';
import { RoomStateError } from './client-errors.ts';
import { TypedEmitter } from './event-emitter.ts';
import type { Timers } from './pending-requests.ts';
import { type MemberInfo, RoomMembership } from './room-membership.ts';
import { type RemovalReason, type RoomMessage, RoomMessages, toRoomMessage } from './room-messages.ts';

/** Typing notices go out at most this often (the UI may call `typing()` on every key). */
export const TYPING_INTERVAL_MS = 2000;

/**
 * Why a room closed: `expired` (server), `left` (we left), `join_failed`, `bad_room` (the server's
 * handle did not match S), or the error code a rejoin failed with.
 */
export type RoomCloseReason = 'expired' | 'left' | string;

/** Events of a room. */
export interface RoomEvents {
  message: RoomMessage;
  'message-removed': { message: RoomMessage; reason: RemovalReason };
  'member-joined': MemberInfo;
  'member-left': { member: string };
  typing: { member: string };
  /** Back in the room after a reconnect, with a new member id and new keys. */
  rejoined: { member: string };
  closed: { reason: RoomCloseReason };
  /** A message that could not be opened (its sender and why, never its content). */
  'decrypt-error': { from: string; error: DecryptError };
}

/** What a room needs from the client: sending frames and requests. */
export interface RoomTransport {
  send(frame: ClientFrame): void;
  /** A request and its reply, typed by the request-replies table (`Connection.request`). */
  request<F extends RequestFrame>(frame: F): Promise<ReplyOf<F['t']>>;
  origin: string;
  now: () => number;
  timers?: Timers;
  createSenderKeyGroup: (options: SenderKeyGroupOptions) => SenderKeyGroup;
}

/** Options of `Room.sendText`. */
export interface SendTextOptions {
  /** Lifetime in seconds; default the room's `msgTtl` (none: it lasts as long as the room). */
  ttl?: number;
}

/** See the module header. Made by `AnoGhostClient`; do not construct directly. */
export class Room extends TypedEmitter<RoomEvents> {
  readonly kind: 'free' | 'paid';
  /** Free rooms: the link secret S (never sent to the server). Paid rooms: the key's mint. */
  readonly linkSecret: Uint8Array | undefined;
  readonly mint: string | undefined;
  status: 'joining' | 'joined' | 'rejoining' | 'closed' = 'joining';
  handle = '';
  expiresAt: number | null = null;
  msgTtl: number | null = null;
  name: string | null = null;
  readonly #t: RoomTransport;
  readonly #messages: RoomMessages;
  #membership: RoomMembership | undefined;
  #lastTypingAt = Number.NEGATIVE_INFINITY;

  constructor(target: { linkSecret: Uint8Array } | { mint: string }, transport: RoomTransport) {
    super();
    this.#t = transport;
    this.kind = 'linkSecret' in target ? 'free' : 'paid';
    this.linkSecret = 'linkSecret' in target ? target.linkSecret.slice() : undefined;
    this.mint = 'mint' in target ? target.mint : undefined;
    this.#messages = new RoomMessages({
      now: transport.now,
      timers: transport.timers,
      onRemoved: (message, reason) => this.emit('message-removed', { message, reason }),
    });
  }

  /** Our member id in the current membership. */
  get member(): string {
    return this.#membership?.memberId ?? '';
  }

  /** The other members, with whether their bundles were accepted. */
  members(): MemberInfo[] {
    return this.#membership?.members() ?? [];
  }

  /** Messages in arrival order; temporary and unsent ones are gone from here. */
  messages(): RoomMessage[] {
    return this.#messages.list();
  }

  /** The safety code over every member's keys (compare it out of band). */
  safetyCode(): string {
    return this.#live().safetyCode();
  }

  /** The share code carrying S (free rooms only). */
  shareCode(): string | undefined {
    return this.linkSecret && this.status !== 'closed' ? encodeShareCode(this.linkSecret) : undefined;
  }

  /** The join link `<origin>/join#<code>` (free rooms only). */
  joinUrl(): string | undefined {
    return this.linkSecret && this.status !== 'closed'
      ? buildJoinUrl(this.#t.origin, this.linkSecret)
      : undefined;
  }

  /** Encrypts and sends a text; resolves with it once the server relayed it. */
  async sendText(body: string, options: SendTextOptions = {}): Promise<RoomMessage> {
    const membership = this.#live();
    const ttl = options.ttl ?? this.msgTtl ?? undefined;
    const text = createTextMessage(body, { ttl, now: this.#t.now() });
    const ct = await membership.encrypt(text);
    await this.#t.request({ t: 'send', room: this.handle, ct });
    const message = this.#toRoomMessage(membership.memberId, text, true);
    if (this.#messages.add(message)) this.emit('message', message);
    return message;
  }

  /** Removes one of our own messages on every member's screen. */
  async unsend(messageId: string): Promise<void> {
    const membership = this.#live();
    const message = this.#messages.get(messageId);
    if (!message?.own) throw new RoomStateError('only your own messages can be unsent');
    const ct = await membership.encrypt(createUnsendMessage(messageId, { now: this.#t.now() }));
    await this.#t.request({ t: 'send', room: this.handle, ct });
    this.#messages.unsend(message.from, messageId);
  }

  /** Tells the others we are typing; at most once per `TYPING_INTERVAL_MS` reaches the wire. */
  typing(): void {
    this.#live();
    const now = this.#t.now();
    if (now - this.#lastTypingAt < TYPING_INTERVAL_MS) return;
    this.#lastTypingAt = now;
    this.#t.send({ t: 'typing', room: this.handle });
  }

  /** Leaves the room; our keys and its messages are wiped. */
  async leave(): Promise<void> {
    if (this.status === 'closed') return;
    const joined = this.status === 'joined';
    try {
      if (joined) await this.#t.request({ t: 'leave', room: this.handle });
    } finally {
      this.close('left');
    }
  }

  /** @internal Starts a membership from a `joined` reply (called synchronously while routing it). */
  attach(joined: JoinedFrame, keys: MemberKeys): MemberInfo[] {
    this.#membership?.close();
    const group = this.#t.createSenderKeyGroup({
      room: joined.room,
      memberId: joined.member,
      keys,
      ...(this.linkSecret ? { linkSecret: this.linkSecret } : {}),
    });
    const rejoined = this.status === 'rejoining';
    this.handle = joined.room;
    this.expiresAt = joined.expiresAt;
    this.msgTtl = joined.msgTtl;
    this.name = joined.name;
    this.status = 'joined';
    const membership = new RoomMembership(group, {
      sendSignal: (to, ct) => this.#sendQuietly({ t: 'signal', room: this.handle, to, ct }),
      onText: (from, text) => this.#receiveText(from, text),
      onUnsend: (from, unsend) => this.#messages.unsend(from, unsend.target),
      onMemberJoined: (info) => this.emit('member-joined', info),
      onMemberLeft: (member) => this.emit('member-left', { member }),
      onDecryptError: (from, error) => this.emit('decrypt-error', { from, error }),
    });
    this.#membership = membership;
    const infos = membership.start(joined.members);
    if (rejoined) this.emit('rejoined', { member: joined.member });
    return infos;
  }

  /** @internal Routes one frame addressed to this room's handle. */
  handleFrame(frame: ServerFrame): void {
    const membership = this.#membership;
    if (frame.t === 'closed') this.close(frame.reason);
    if (!membership || this.status !== 'joined') return;
    if (frame.t === 'msg') membership.handleMsg(frame.from, frame.ct);
    else if (frame.t === 'signal') membership.handleSignal(frame.from, frame.ct);
    else if (frame.t === 'typing' && this.#isAccepted(frame.member))
      this.emit('typing', { member: frame.member });
    else if (frame.t === 'member' && frame.event === 'join')
      membership.handleMemberJoin(frame.member, frame.bundle);
    else if (frame.t === 'member' && frame.event === 'leave') membership.handleMemberLeave(frame.member);
  }

  /** @internal The connection dropped: the server forgot our membership, so wipe its keys and wait. */
  suspend(): void {
    if (this.status !== 'joined') return;
    this.#membership?.close();
    this.#membership = undefined;
    this.status = 'rejoining';
  }

  /** @internal Ends the room for us locally (use `leave()`): keys wiped, messages forgotten, `closed` once. */
  close(reason: RoomCloseReason): void {
    if (this.status === 'closed') return;
    this.status = 'closed';
    this.#membership?.close();
    this.#membership = undefined;
    this.#messages.clear();
    this.linkSecret?.fill(0);
    this.emit('closed', { reason });
  }

  #receiveText(from: string, text: TextMessage): void {
    const message = this.#toRoomMessage(from, text, false);
    if (this.#messages.add(message)) this.emit('message', message);
  }

  #toRoomMessage(from: string, text: TextMessage, own: boolean): RoomMessage {
    return toRoomMessage(text, { from, own, receivedAt: this.#t.now(), defaultTtl: this.msgTtl });
  }

  #isAccepted(member: string): boolean {
    return this.members().some((m) => m.member === member && m.accepted);
  }

  #sendQuietly(frame: ClientFrame): void {
    try {
      this.#t.send(frame);
    } catch {
      // Disconnected: the rejoin after reconnect redistributes every chain anyway.
    }
  }

  #live(): RoomMembership {
    if (this.status !== 'joined' || !this.#membership) {
      throw new RoomStateError(`the room is ${this.status}`);
    }
    return this.#membership;
  }
}
