/**
 * A room as the UI sees it (docs/client-rooms.md): its handle, admission and lifetimes, its name,
 * the members with fingerprints, nicknames and verified marks, join requests (approval rooms), the
 * message list with temporary messages and unsend, typing, leave. The `Rooms` manager attaches a
 * `RoomSession` (one MLS membership) on every (re)join; the room object, its messages, nicknames
 * and verified marks survive reconnects, the MLS state does not (a rejoin makes a new leaf with
 * the same per-room identity key).
 */
import { deriveRoomId } from '../crypto/room-secret.ts';
import { wipe } from '../crypto/wipe.ts';
import {
  createTextMessage,
  createTypingMessage,
  createUnsendMessage,
  MAX_NICKNAME_CHARS,
  type RoomMessage as Plaintext,
} from '../e2e/message-plaintext.ts';
import type { KnockRequest, ReceiveError, RoomGroup } from '../e2e/room-group.ts';
import { deriveIdentitySeed } from '../e2e/room-identity.ts';
import type { RoomMember } from '../e2e/room-members.ts';
import { buildJoinUrl, buildKnockUrl, encodeKnockCode, encodeShareCode } from '../e2e/share-code.ts';
import { encodeB64u } from '../encoding.ts';
import { MAX_CHAT_NAME_CHARS } from '../protocol/limits.ts';
import type { JoinedFrame, ServerFrame } from '../protocol/server-frames.ts';
import { RoomStateError } from './client-errors.ts';
import { TypedEmitter } from './event-emitter.ts';
import { type JoinRequest, JoinRequests } from './room-join-requests.ts';
import { type RemovalReason, type RoomMessage, RoomMessages, toRoomMessage } from './room-messages.ts';
import { type MemberView, RoomRoster } from './room-roster.ts';
import { RoomSession, type SessionHost, type SessionTransport } from './room-session.ts';

/** Typing notices go out at most this often (the UI may call `typing()` on every key). */
export const TYPING_INTERVAL_MS = 2000;

/** Where a room is: entering the group, waiting for approval, in it, reconnecting, or over. */
export type RoomStatus = 'joining' | 'knocking' | 'joined' | 'rejoining' | 'closed';

/**
 * Why a room closed: `expired` (server), `left` (we left), `join_failed`, `bad_room` (the server's
 * handle did not match S), `room_empty` (a knock found nobody to approve it), `removed` (a member
 * admitted by knock was removed before it had S), `group_…` (the room's GroupInfo did not open),
 * or the error code a (re)join failed with.
 */
export type RoomCloseReason = 'expired' | 'left' | string;

export type { JoinRequest } from './room-join-requests.ts';

/** Events of a room. */
export interface RoomEvents {
  message: RoomMessage;
  'message-removed': { message: RoomMessage; reason: RemovalReason };
  'member-joined': MemberView;
  'member-left': MemberView;
  /** Anything about the members changed (roster, nicknames, verified marks). */
  'members-changed': { members: MemberView[] };
  typing: { member: string; fingerprint: string; name: string };
  'join-request': JoinRequest;
  /** The list of join requests changed (one came, was approved, dismissed or left). */
  'join-requests-changed': { requests: JoinRequest[] };
  status: { status: RoomStatus };
  name: { name: string | null };
  /** Back in the room after a reconnect, with a new member id (same identity key). */
  rejoined: { member: string };
  closed: { reason: RoomCloseReason };
  /** A message that could not be opened (its sender and why, never its content). */
  'decrypt-error': { from: string; error: ReceiveError };
}

/** What a room needs from the client. */
export interface RoomTransport extends SessionTransport {
  origin: string;
  now: () => number;
}

/** Options of `Room.sendText`. */
export interface SendTextOptions {
  /** Lifetime in seconds; default the room's `msgTtl` (none: it lasts as long as the room). */
  ttl?: number;
}

/** What a room is made for: a free room (its S, or only its roomId to knock) or a paid key. */
export type RoomTarget =
  | { kind: 'free'; secret: Uint8Array; name?: string }
  | { kind: 'knock'; roomId: string }
  | { kind: 'paid'; mint: string; secret: Uint8Array };

/** See the module header. Made by `AnoGhostClient`; do not construct directly. */
export class Room extends TypedEmitter<RoomEvents> {
  readonly kind: 'free' | 'paid';
  /** Paid rooms: the key's mint. */
  readonly mint: string | undefined;
  /** Free rooms: the roomId (known before joining). */
  readonly roomId: string | undefined;
  status: RoomStatus = 'joining';
  handle = '';
  admission: 'open' | 'approval' = 'open';
  expiresAt: number | null = null;
  msgTtl: number | null = null;
  /** The room's name (end to end, the `room` message), or null. */
  name: string | null = null;
  /** Our nickname in this room, or null (we show as our ghost name). */
  nickname: string | null = null;
  readonly #t: RoomTransport;
  readonly #messages: RoomMessages;
  readonly #roster = new RoomRoster();
  readonly #requests = new JoinRequests();
  readonly #identitySeed: Uint8Array;
  readonly #waiters: { resolve(): void; reject(error: Error): void }[] = [];
  #secret: Uint8Array | undefined;
  #session: RoomSession | undefined;
  #lastMembers: RoomMember[] = [];
  #lastTypingAt = Number.NEGATIVE_INFINITY;

  constructor(target: RoomTarget, installSecret: Uint8Array, transport: RoomTransport) {
    super();
    this.#t = transport;
    this.kind = target.kind === 'paid' ? 'paid' : 'free';
    this.mint = target.kind === 'paid' ? target.mint : undefined;
    this.#secret = target.kind === 'knock' ? undefined : target.secret?.slice();
    this.roomId =
      target.kind === 'free'
        ? deriveRoomId(target.secret)
        : target.kind === 'knock'
          ? target.roomId
          : undefined;
    if (target.kind === 'free' && target.name !== undefined) this.name = checkName(target.name);
    this.#identitySeed = deriveIdentitySeed(installSecret, this.kind, this.roomId ?? this.mint!);
    this.#messages = new RoomMessages({
      now: transport.now,
      timers: transport.timers,
      onRemoved: (message, reason) => this.emit('message-removed', { message, reason }),
    });
  }

  /** Our member id in the current membership. */
  get member(): string {
    return this.#session?.memberId ?? '';
  }

  /** Our own fingerprint (the per-room identity key), once in the group. */
  get fingerprint(): string | undefined {
    return this.#lastMembers.find((m) => m.isSelf)?.fingerprint;
  }

  /** Whether we hold S (approval rooms: a member admitted by knock gets it after its Welcome). */
  get hasSecret(): boolean {
    return this.#secret !== undefined;
  }

  /** The members of the group (the last known while rejoining), with names and marks. */
  members(): MemberView[] {
    return this.#roster.view(this.#lastMembers);
  }

  /** The MLS epoch counter and authenticator (b64u): equal on members that agree on the roster. */
  groupState(): { epoch: number; authenticator: string } | undefined {
    const group = this.#session?.group;
    return group ? { epoch: group.epoch, authenticator: encodeB64u(group.epochAuthenticator()) } : undefined;
  }

  /** Marks a member's key verified (after comparing its fingerprint out of band), or unmarks it. */
  verify(fingerprint: string, verified = true): void {
    if (this.#roster.setVerified(fingerprint, verified)) this.#membersChanged();
  }

  /** Knocks waiting for approval (approval rooms). */
  joinRequests(): JoinRequest[] {
    return this.#requests.list();
  }

  /** Admits a knocker: an Add commit, its Welcome, then S inside the group. */
  async approve(requestId: string): Promise<void> {
    const knock = this.#requests.knockOf(requestId);
    if (!knock) throw new RoomStateError('no such join request');
    const session = this.#live();
    if (!this.hasSecret) throw new RoomStateError('only a member who holds the room secret can approve');
    await session.approve(knock);
    this.#dropRequests((r) => r.id === requestId);
  }

  /** Ignores a knock (it stays outside unless another member approves it). */
  dismiss(requestId: string): void {
    this.#dropRequests((r) => r.id === requestId);
  }

  /** Messages in arrival order; temporary and unsent ones are gone from here. */
  messages(): RoomMessage[] {
    return this.#messages.list();
  }

  /** What the holder of this fingerprint is called here (nickname, else ghost name). */
  nameOf(fingerprint: string): string {
    return this.#roster.nameOf(fingerprint);
  }

  /**
   * The code to share: for an open room the secret code (`ag1q…`, joins at once); for an approval
   * room the knock code (`ag1p…`, only the roomId: members approve). Paid rooms have none.
   */
  shareCode(): string | undefined {
    if (this.status === 'closed' || this.kind !== 'free') return undefined;
    if (this.admission === 'approval') return this.roomId && encodeKnockCode(this.roomId);
    return this.#secret && encodeShareCode(this.#secret);
  }

  /** The join link `<origin>/join#<code>` for `shareCode()`. */
  joinUrl(): string | undefined {
    if (this.status === 'closed' || this.kind !== 'free') return undefined;
    if (this.admission === 'approval') return this.roomId && buildKnockUrl(this.#t.origin, this.roomId);
    return this.#secret && buildJoinUrl(this.#t.origin, this.#secret);
  }

  /** Encrypts and sends a text; resolves with it once the server relayed it. */
  async sendText(body: string, options: SendTextOptions = {}): Promise<RoomMessage> {
    const session = this.#live();
    const ttl = options.ttl ?? this.msgTtl ?? undefined;
    const text = createTextMessage(body, { ttl, now: this.#t.now() });
    await session.send(text);
    const message = toRoomMessage(text, {
      from: session.memberId,
      author: this.fingerprint ?? '',
      own: true,
      receivedAt: this.#t.now(),
      defaultTtl: this.msgTtl,
    });
    if (this.#messages.add(message)) this.emit('message', message);
    return message;
  }

  /** Removes one of our own messages on every member's screen. */
  async unsend(messageId: string): Promise<void> {
    const session = this.#live();
    const message = this.#messages.get(messageId);
    if (!message?.own) throw new RoomStateError('only your own messages can be unsent');
    await session.send(createUnsendMessage(messageId, { now: this.#t.now() }));
    this.#messages.unsend(message.author, messageId);
  }

  /** Tells the others we are typing; at most once per `TYPING_INTERVAL_MS` reaches the wire. */
  typing(): void {
    const session = this.#live();
    const now = this.#t.now();
    if (now - this.#lastTypingAt < TYPING_INTERVAL_MS) return;
    this.#lastTypingAt = now;
    void session.sendQuietly(createTypingMessage({ now }));
  }

  /** Sets our nickname in this room (sent end to end as a `profile`). */
  async setNickname(nickname: string): Promise<void> {
    const session = this.#live();
    const nick = checkNickname(nickname);
    this.nickname = nick;
    const own = this.fingerprint;
    if (own) this.#roster.setNickname(own, nick);
    this.#membersChanged();
    await session.send({ kind: 'profile', nickname: nick });
  }

  /** Names the room for every member (sent end to end as a `room` message). */
  async setName(name: string): Promise<void> {
    const session = this.#live();
    this.#setName(checkName(name));
    await session.send({ kind: 'room', name: this.name! });
  }

  /** Leaves the room; its secrets and messages are wiped. */
  async leave(): Promise<void> {
    if (this.status === 'closed') return;
    const inRoom = this.#session !== undefined;
    try {
      if (inRoom) await this.#t.request({ t: 'leave', room: this.handle });
    } finally {
      this.close('left');
    }
  }

  /** Tests only: the current MLS group (to copy it as an attacker who copied our memory would). */
  static groupForTests(room: Room): RoomGroup | undefined {
    return room.#session?.group;
  }

  /** @internal Resolves once the room is joined (or knocking); rejects if it closes first. */
  entered(): Promise<void> {
    if (this.status === 'joined' || this.status === 'knocking') return Promise.resolve();
    if (this.status === 'closed') return Promise.reject(new RoomStateError('the room is closed'));
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** @internal Starts a membership from a `joined` reply (called synchronously while routing it). */
  attach(joined: JoinedFrame): void {
    if (this.kind === 'free' && joined.room !== this.roomId)
      throw new RoomStateError('the server gave another room');
    this.#session?.close();
    this.handle = joined.room;
    this.admission = joined.admission;
    this.expiresAt = joined.expiresAt;
    // A paid room's default message lifetime travels in the invitation: keep what the caller set.
    this.msgTtl = joined.msgTtl ?? (this.kind === 'paid' ? this.msgTtl : null);
    this.#session = new RoomSession({
      joined,
      secret: this.#secret,
      identitySeed: this.#identitySeed,
      transport: this.#t,
      host: this.#host(),
    });
  }

  /** @internal Routes one frame addressed to this room's handle. */
  handleFrame(frame: ServerFrame): void {
    if (frame.t === 'closed') this.close(frame.reason);
    else this.#session?.handleFrame(frame);
  }

  /** @internal The connection dropped: the server forgot our membership, so wipe it and wait. */
  suspend(): void {
    if (this.status === 'closed' || !this.#session) return;
    this.#session.close();
    this.#session = undefined;
    this.#requests.clear();
    this.#setStatus(this.status === 'knocking' || !this.hasSecret ? 'joining' : 'rejoining');
  }

  /** @internal Ends the room for us locally (use `leave()`): secrets wiped, messages forgotten. */
  close(reason: RoomCloseReason): void {
    if (this.status === 'closed') return;
    this.#session?.close();
    this.#session = undefined;
    this.#messages.clear();
    this.#roster.clear();
    this.#requests.clear();
    wipe(this.#secret, this.#identitySeed);
    this.#secret = undefined;
    this.status = 'closed';
    for (const waiter of this.#waiters.splice(0))
      waiter.reject(new RoomStateError(`the room closed: ${reason}`));
    this.emit('status', { status: 'closed' });
    this.emit('closed', { reason });
  }

  /** What a membership reports (kept off the public surface). */
  #host(): SessionHost {
    return {
      onStatus: (status) => this.#entered(status),
      onMessage: (message, sender, from) => this.#receive(message, sender, from),
      onSecret: (secret) => {
        if (!this.#secret) this.#secret = secret.slice();
      },
      onRoster: (change) => this.#rosterChanged(change),
      onKnock: (knock, from) => this.#knocked(knock, from),
      onMemberLeft: (member) => this.#dropRequests((r) => r.member === member),
      onDecryptError: (from, error) => this.emit('decrypt-error', { from, error }),
      profileMessages: (lowestLeaf) => {
        const messages: Plaintext[] = [];
        if (this.nickname) messages.push({ kind: 'profile', nickname: this.nickname });
        if (lowestLeaf && this.name) messages.push({ kind: 'room', name: this.name });
        return messages;
      },
      onFailed: (reason) => {
        try {
          this.#t.send({ t: 'leave', room: this.handle });
        } catch {
          // Not connected: the server dropped the membership with the connection.
        }
        this.close(reason);
      },
    };
  }

  #entered(status: 'joined' | 'knocking'): void {
    const rejoined = this.status === 'rejoining' && status === 'joined';
    this.#setStatus(status);
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    if (rejoined) this.emit('rejoined', { member: this.member });
  }

  #receive(message: Plaintext, sender: RoomMember, from: string): void {
    const author = sender.fingerprint;
    switch (message.kind) {
      case 'text': {
        const item = toRoomMessage(message, {
          from,
          author,
          own: false,
          receivedAt: this.#t.now(),
          defaultTtl: this.msgTtl,
        });
        if (this.#messages.add(item)) this.emit('message', item);
        return;
      }
      case 'unsend':
        this.#messages.unsend(author, message.target);
        return;
      case 'typing':
        this.emit('typing', { member: from, fingerprint: author, name: this.#roster.nameOf(author) });
        return;
      case 'profile':
        if (this.#roster.setNickname(author, message.nickname)) this.#membersChanged();
        return;
      case 'room':
        this.#setName(message.name);
        return;
      default:
        return; // `secret` is the session's
    }
  }

  #rosterChanged(change: { added: RoomMember[]; removed: RoomMember[] }): void {
    const group = this.#session?.group;
    if (group) this.#lastMembers = group.members();
    const own = this.fingerprint;
    if (own && this.nickname) this.#roster.setNickname(own, this.nickname);
    const views = (list: RoomMember[]) => this.#roster.view(list);
    const here = new Set(change.added.map((m) => m.fingerprint));
    for (const view of views(change.removed.filter((m) => !here.has(m.fingerprint)))) {
      this.emit('member-left', view);
    }
    const gone = new Set(change.removed.map((m) => m.fingerprint));
    for (const view of views(change.added.filter((m) => !m.isSelf && !gone.has(m.fingerprint)))) {
      this.emit('member-joined', view);
    }
    const members = new Set(this.#lastMembers.map((m) => m.fingerprint));
    this.#dropRequests((r) => members.has(r.fingerprint));
    this.#membersChanged();
  }

  #knocked(knock: KnockRequest, from: string): void {
    if (this.admission !== 'approval') return; // an open room takes no knocks: joiners hold S
    if (this.#lastMembers.some((m) => m.fingerprint === knock.fingerprint)) return;
    const request = this.#requests.add(knock, from);
    if (!request) return;
    this.emit('join-request', request);
    this.emit('join-requests-changed', { requests: this.joinRequests() });
  }

  #dropRequests(match: (request: JoinRequest) => boolean): void {
    if (this.#requests.drop(match)) this.emit('join-requests-changed', { requests: this.joinRequests() });
  }

  #setName(name: string): void {
    if (this.name === name) return;
    this.name = name;
    this.emit('name', { name });
  }

  #setStatus(status: RoomStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', { status });
  }

  #membersChanged(): void {
    this.emit('members-changed', { members: this.members() });
  }

  #live(): RoomSession {
    if (this.status !== 'joined' || !this.#session?.group) {
      throw new RoomStateError(`the room is ${this.status}`);
    }
    return this.#session;
  }
}

function checkNickname(nickname: string): string {
  const nick = typeof nickname === 'string' ? nickname.trim() : '';
  if (nick.length < 1 || nick.length > MAX_NICKNAME_CHARS) {
    throw new RoomStateError(`a nickname is 1 to ${MAX_NICKNAME_CHARS} characters`);
  }
  return nick;
}

function checkName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length < 1 || trimmed.length > MAX_CHAT_NAME_CHARS) {
    throw new RoomStateError(`a room name is 1 to ${MAX_CHAT_NAME_CHARS} characters`);
  }
  return trimmed;
}
