/**
 * One membership of one room on MLS (docs/client-rooms.md, docs/rooms-mls.md): from the `joined`
 * reply until the connection drops or the room closes. It enters the group (creates it, joins by
 * external commit with S, or knocks and waits for a Welcome), applies the commits the server
 * relays, opens messages, and does every member's duties: removing departed members' leaves by the
 * removal rule, its own periodic Update, approving knocks (Add, Welcome, then S), and resyncing
 * when it falls behind. Every frame of the room and every commit of ours runs through one queue in
 * wire order, since each MLS step starts from the state the previous one left; a commit of ours
 * holds the queue until the server answers it, so the frames it ordered after ours are applied
 * after it.
 */
import { wipe } from '../crypto/wipe.ts';
import { createSecretMessage, type RoomMessage as Plaintext } from '../e2e/message-plaintext.ts';
import type { KnockRequest, PendingCommit, ReceiveError, RoomGroup } from '../e2e/room-group.ts';
import { createRoomGroup, joinRoomGroup } from '../e2e/room-join.ts';
import { createKnock, type OutgoingKnock } from '../e2e/room-knock.ts';
import type { RoomMember } from '../e2e/room-members.ts';
import { JOIN_ATTEMPTS, removalDelayMs } from '../e2e/room-rules.ts';
import { decodeB64u } from '../encoding.ts';
import type { ClientFrame } from '../protocol/client-frames.ts';
import type { ReplyOf, RequestFrame } from '../protocol/request-replies.ts';
import type { JoinedFrame, ServerFrame } from '../protocol/server-frames.ts';
import { NotConnectedError, ProtocolError, RoomStateError } from './client-errors.ts';
import type { Timers } from './pending-requests.ts';

type GroupFrame = Extract<ServerFrame, { t: 'commit' | 'msg' | 'signal' }>;

const MAX_EARLY_FRAMES = 256; // frames a knocker keeps until its Welcome
const MAX_RESYNCS = 3; // per membership, before the room gives up
const STALE_RETRY_MS = 120; // ± jitter, before retrying a commit that lost its epoch
const MAX_COMMIT_ATTEMPTS = 8;
const PROFILE_JITTER_MS = 2000;

/** The transport a session needs (the client's connection). */
export interface SessionTransport {
  send(frame: ClientFrame): void;
  request<F extends RequestFrame>(frame: F): Promise<ReplyOf<F['t']>>;
  timers: Timers;
}

/** What the session reports to its room. */
export interface SessionHost {
  /** The group is entered (or a knock is waiting); `status` for the room. */
  onStatus(status: 'joined' | 'knocking'): void;
  /** An application message other than `secret`, with its MLS sender. */
  onMessage(message: Plaintext, sender: RoomMember, from: string): void;
  /** S arrived in a `secret` message (a member admitted by knock). */
  onSecret(secret: Uint8Array): void;
  /** The roster changed (a commit applied, our join, a resync). */
  onRoster(change: { added: RoomMember[]; removed: RoomMember[] }): void;
  onKnock(knock: KnockRequest, from: string): void;
  /** A connection left the room at the server. */
  onMemberLeft(member: string): void;
  onDecryptError(from: string, error: ReceiveError): void;
  /** The application messages to (re)send when members were added: our profile, the room name. */
  profileMessages(lowestLeaf: boolean): Plaintext[];
  /** The membership cannot go on (a reason code); the room closes. */
  onFailed(reason: string): void;
}

/** What the session is made from. */
export interface SessionInit {
  joined: JoinedFrame;
  /** S, or undefined to knock (an approval room known only by its roomId). */
  secret: Uint8Array | undefined;
  identitySeed: Uint8Array;
  transport: SessionTransport;
  host: SessionHost;
}

/** See the module header. */
export class RoomSession {
  readonly handle: string;
  readonly memberId: string;
  readonly #t: SessionTransport;
  readonly #host: SessionHost;
  readonly #identitySeed: Uint8Array;
  readonly #present: Set<string>;
  #secret: Uint8Array | undefined;
  #group: RoomGroup | undefined;
  #knock: OutgoingKnock | undefined;
  #early: GroupFrame[] | undefined;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  #resyncs = 0;
  #removalTimer: unknown;
  #updateTimer: unknown;
  #updateAt: number | undefined;
  #profileTimer: unknown;

  constructor(init: SessionInit) {
    this.handle = init.joined.room;
    this.memberId = init.joined.member;
    this.#t = init.transport;
    this.#host = init.host;
    this.#identitySeed = init.identitySeed.slice();
    this.#present = new Set(init.joined.members);
    this.#secret = init.secret?.slice();
    const { epoch, groupInfo } = init.joined;
    this.#enqueue(async () => {
      try {
        await (this.#secret ? this.#enter(epoch, groupInfo) : this.#startKnock(groupInfo));
      } catch (error) {
        // Disconnected: the room rejoins on the next connection. Anything else (refused by the
        // server: `forbidden`, `rate_limited`, …; a timeout) ends this membership.
        if (error instanceof NotConnectedError) return;
        this.#fail(error instanceof ProtocolError ? error.code : 'join_failed');
      }
    });
  }

  /** The MLS group, once entered. */
  get group(): RoomGroup | undefined {
    return this.#group?.active ? this.#group : undefined;
  }

  /** Routes one frame of this room (in wire order). */
  handleFrame(frame: ServerFrame): void {
    if (frame.t === 'member') {
      this.#enqueue(async () => this.#onMember(frame.member, frame.event));
    } else if (frame.t === 'commit' || frame.t === 'msg' || frame.t === 'signal') {
      this.#enqueue(() => this.#onGroupFrame(frame));
    }
  }

  /** Encrypts and sends an application message; resolves once the server relayed it. */
  async send(message: Plaintext): Promise<void> {
    const group = this.#requireGroup();
    const ct = await group.encrypt(message);
    await this.#t.request({ t: 'send', room: this.handle, ct });
    this.#scheduleUpdate();
  }

  /** Sends an application message without waiting for the server (typing, profiles). */
  async sendQuietly(message: Plaintext): Promise<void> {
    const group = this.group;
    if (!group || this.#closed) return;
    try {
      const ct = await group.encrypt(message);
      if (!this.#closed) this.#t.send({ t: 'send', room: this.handle, ct });
    } catch {
      // Disconnected or closed: the next membership sends its own profile.
    }
  }

  /** Approves a knock: an Add commit, the Welcome to the knocker, then S to the group. */
  approve(knock: KnockRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      const attempt = (n: number) =>
        this.#enqueue(async () => {
          try {
            const group = this.#requireGroup();
            if (group.members().some((m) => m.fingerprint === knock.fingerprint)) return resolve();
            if (!this.#present.has(knock.memberId)) {
              return reject(new RoomStateError('the knocker is no longer in the room'));
            }
            const pending = await group.add([knock]);
            if (!(await this.#commit(pending))) {
              if (n + 1 >= MAX_COMMIT_ATTEMPTS) return reject(new RoomStateError('the room is too busy'));
              return this.#later(() => attempt(n + 1));
            }
            this.#t.send({ t: 'signal', room: this.handle, to: knock.memberId, ct: pending.welcome });
            if (this.#secret) {
              const ct = await group.encrypt(createSecretMessage(this.#secret));
              this.#t.send({ t: 'send', room: this.handle, ct });
            }
            this.#afterRoster({
              added: group.members().filter((m) => m.fingerprint === knock.fingerprint),
              removed: [],
            });
            resolve();
          } catch (error) {
            reject(error);
          }
        });
      attempt(0);
    });
  }

  /** Ends this membership: timers stopped, the group's secrets wiped, queued frames dropped. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of [this.#removalTimer, this.#updateTimer, this.#profileTimer]) {
      this.#t.timers.clearTimeout(timer);
    }
    this.#group?.close();
    this.#group = undefined;
    this.#knock?.close();
    this.#knock = undefined;
    this.#early = undefined;
    wipe(this.#identitySeed, this.#secret);
    this.#secret = undefined;
  }

  // Entering the group.

  /** Creates the group (no GroupInfo yet) or joins it by external commit; retries lost epochs. */
  async #enter(epoch: number, groupInfo: string | null, resync = false): Promise<void> {
    const params = {
      handle: this.handle,
      secret: this.#secret!,
      identitySeed: this.#identitySeed,
      memberId: this.memberId,
    };
    for (let attempt = 0; attempt < JOIN_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        await this.#sleep(jitter(STALE_RETRY_MS * attempt));
        ({ epoch, groupInfo } = await this.#t.request({ t: 'group', room: this.handle }));
      }
      if (this.#closed) return;
      if (groupInfo === null) {
        const { group, frame } = await createRoomGroup(params);
        try {
          await this.#t.request({ t: 'commit', room: this.handle, ...frame });
        } catch (error) {
          group.close();
          if (isStale(error)) continue;
          throw error;
        }
        return this.#entered(group, resync);
      }
      const joined = await joinRoomGroup(params, groupInfo, epoch);
      if (!joined.ok) return this.#fail(`group_${joined.error}`);
      const group = await this.#commit(joined.pending);
      if (group) return this.#entered(group, resync);
    }
    this.#fail('join_conflict');
  }

  #entered(group: RoomGroup, resync: boolean): void {
    if (this.#closed) {
      group.close();
      return;
    }
    this.#group?.close();
    this.#group = group;
    if (!resync) this.#host.onStatus('joined');
    this.#afterRoster({ added: group.members(), removed: [] });
  }

  /** An approval room known only by its roomId: send a KeyPackage and wait for a Welcome. */
  async #startKnock(groupInfo: string | null): Promise<void> {
    if (groupInfo === null) return this.#fail('room_empty'); // nobody there to approve us
    const knock = await createKnock({
      handle: this.handle,
      identitySeed: this.#identitySeed,
      memberId: this.memberId,
    });
    if (this.#closed) return knock.close();
    this.#knock = knock;
    this.#early = [];
    await this.#t.request({ t: 'send', room: this.handle, ct: knock.ct });
    this.#host.onStatus('knocking');
  }

  async #acceptWelcome(ct: string): Promise<void> {
    const knock = this.#knock;
    if (!knock) return;
    const result = await knock.acceptWelcome(ct);
    if (!result.ok) return; // not ours, or not a Welcome: keep waiting
    this.#knock = undefined;
    const early = this.#early ?? [];
    this.#early = undefined;
    this.#entered(result.group, false);
    for (const frame of early) await this.#onGroupFrame(frame);
  }

  // Frames.

  #onMember(member: string, event: 'join' | 'leave'): void {
    if (event === 'join') this.#present.add(member);
    else {
      this.#present.delete(member);
      this.#host.onMemberLeft(member);
    }
    this.#scheduleRemoval();
  }

  async #onGroupFrame(frame: GroupFrame): Promise<void> {
    if (this.#knock) {
      if (frame.t === 'signal') return this.#acceptWelcome(frame.ct);
      if (this.#early && this.#early.length < MAX_EARLY_FRAMES) this.#early.push(frame);
      return;
    }
    const group = this.group;
    if (!group) return;
    if (frame.t === 'commit') return this.#onCommit(group, frame.commit, frame.epoch, frame.from);
    if (frame.t === 'msg') return this.#onMsg(group, frame.ct, frame.from);
    // A `signal` to a member is only ever a Welcome, for knockers.
  }

  async #onCommit(group: RoomGroup, commit: string, epoch: number, from: string): Promise<void> {
    if (epoch < group.epoch) return; // ordered before our join: already in the state we joined
    if (epoch > group.epoch) return this.#resync(); // we missed a commit
    const outcome = await group.applyCommit(commit, epoch, from);
    // Removed while present, or a commit the server ordered that we cannot apply: rejoin.
    if (!outcome.ok) return outcome.error === 'wrong_epoch' ? undefined : this.#resync();
    this.#afterRoster(outcome);
  }

  async #onMsg(group: RoomGroup, ct: string, from: string): Promise<void> {
    const received = await group.receive(ct);
    if (received.kind === 'knock') {
      if (received.knock.memberId === from && this.#present.has(from))
        this.#host.onKnock(received.knock, from);
      return;
    }
    if (received.kind === 'error') {
      if (received.error === 'future_epoch') return this.#checkBehind();
      return this.#host.onDecryptError(from, received.error);
    }
    const { message, sender } = received;
    if (message.kind === 'secret') {
      const secret = decodeB64u(message.secret);
      if (secret && !this.#secret) {
        this.#secret = secret.slice();
        this.#host.onSecret(secret);
      }
      return;
    }
    this.#host.onMessage(message, sender, from);
  }

  // Duties.

  /** After the roster changed: tell the room, re-send profiles if members came, check removals. */
  #afterRoster(change: { added: RoomMember[]; removed: RoomMember[] }): void {
    this.#host.onRoster(change);
    if (change.added.length > 0) this.#scheduleProfiles(change.added.some((m) => m.isSelf));
    this.#scheduleRemoval();
  }

  #scheduleProfiles(now: boolean): void {
    this.#t.timers.clearTimeout(this.#profileTimer);
    const delay = now ? 0 : Math.floor(Math.random() * PROFILE_JITTER_MS);
    this.#profileTimer = this.#t.timers.setTimeout(() => {
      const group = this.group;
      if (!group) return;
      const lowest = group.members().reduce((low, m) => (m.leafIndex < low.leafIndex ? m : low));
      for (const message of this.#host.profileMessages(lowest.isSelf)) void this.sendQuietly(message);
    }, delay);
  }

  /** The removal rule: the present member of lowest leaf removes departed leaves, others fall back. */
  #scheduleRemoval(): void {
    this.#t.timers.clearTimeout(this.#removalTimer);
    const group = this.group;
    if (!group?.hasSecret) return;
    const present = [...this.#present];
    if (group.staleLeaves(present).length === 0) return;
    const delay = removalDelayMs(group.removerRank(present));
    this.#removalTimer = this.#t.timers.setTimeout(() => this.#enqueue(() => this.#removeStale()), delay);
  }

  async #removeStale(): Promise<void> {
    const group = this.group;
    if (!group?.hasSecret) return;
    const stale = group.staleLeaves([...this.#present]);
    if (stale.length === 0) return;
    const before = group.members();
    if (!(await this.#commit(await group.removeLeaves(stale)))) return; // the winner is queued
    this.#afterRoster({ added: [], removed: before.filter((m) => stale.includes(m.leafIndex)) });
  }

  /** Our own Update (PCS), when `updateDueAt` says it is due. */
  #scheduleUpdate(): void {
    const due = this.group?.updateDueAt();
    if (due === this.#updateAt) return;
    this.#t.timers.clearTimeout(this.#updateTimer);
    this.#updateAt = due;
    if (due === undefined || this.#closed) return;
    this.#updateTimer = this.#t.timers.setTimeout(
      () => {
        this.#updateAt = undefined;
        this.#enqueue(async () => {
          const group = this.group;
          const at = group?.updateDueAt();
          if (!group || at === undefined || at > Date.now()) return;
          await this.#commit(await group.update());
        });
      },
      Math.max(0, due - Date.now()),
    );
  }

  /**
   * Sends a commit of ours and settles it: adopted on `committed` (the group at the new epoch),
   * discarded on `stale_epoch` (`undefined`: the winning commit is queued or on its way).
   */
  async #commit(pending: PendingCommit): Promise<RoomGroup | undefined> {
    try {
      await this.#t.request({ t: 'commit', room: this.handle, ...pending.frame });
    } catch (error) {
      await pending.discard();
      if (isStale(error)) return undefined;
      throw error;
    }
    return pending.adopt();
  }

  /** A `future_epoch` message: ask the server where the room is; rejoin if we are behind. */
  async #checkBehind(): Promise<void> {
    const group = this.group;
    if (!group) return;
    const { epoch } = await this.#t.request({ t: 'group', room: this.handle });
    if (epoch > group.epoch) await this.#resync();
  }

  /** We fell behind or were removed while present: rejoin by external commit (resync) if we know S. */
  async #resync(): Promise<void> {
    this.#group?.close();
    this.#group = undefined;
    if (!this.#secret) return this.#fail('removed');
    if (++this.#resyncs > MAX_RESYNCS) return this.#fail('resync_failed');
    const { epoch, groupInfo } = await this.#t.request({ t: 'group', room: this.handle });
    await this.#enter(epoch, groupInfo, true);
  }

  #fail(reason: string): void {
    if (this.#closed) return;
    this.#host.onFailed(reason);
  }

  #requireGroup(): RoomGroup {
    const group = this.group;
    if (!group || this.#closed) throw new RoomStateError('the room is not joined');
    return group;
  }

  /** Runs `task` after every queued one; a failing task never stops the room. */
  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue
      .then(() => (this.#closed ? undefined : task()))
      .catch(() => {
        // Disconnected (the room rejoins on the next connection) or a refused local step.
      })
      .then(() => this.#scheduleUpdate());
  }

  #later(run: () => void): void {
    this.#t.timers.setTimeout(() => !this.#closed && run(), jitter(STALE_RETRY_MS));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#t.timers.setTimeout(resolve, ms));
  }
}

function isStale(error: unknown): boolean {
  return error instanceof ProtocolError && error.code === 'stale_epoch';
}

function jitter(ms: number): number {
  return Math.round(ms * (0.5 + Math.random()));
}
