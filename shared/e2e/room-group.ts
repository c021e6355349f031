/**
 * One membership of one room as an MLS group (docs/rooms-mls.md): the contract the client library
 * builds rooms on. Made by `createRoomGroup`, `joinRoomGroup` or a knock's `acceptWelcome`
 * (room-join.ts); it encrypts and opens application messages, applies the commits the server
 * relays, and makes commits (Update, Remove, Add) as `PendingCommit`s that take effect only when
 * the server has ordered them (`adopt()` after `committed`, `discard()` after `stale_epoch`).
 *
 * Operations on one group run one at a time, in call order: each waits for the previous one
 * (an internal queue), since each starts from the state the previous one left. Secrets ts-mls hands
 * back as consumed are zeroed after every operation, what an ended epoch alone reached is zeroed
 * when the epoch ends, and `close()` zeroes everything the group holds (mls-state-wipe.ts).
 */
import { type ClientState, createApplicationMessage, type Proposal } from 'ts-mls';
import { deriveRoomId } from '../crypto/room-secret.ts';
import { wipe } from '../crypto/wipe.ts';
import { decodeB64u } from '../encoding.ts';
import { encodeRoomMessage, type RoomMessage } from './message-plaintext.ts';
import { forgetSigningKey, type MlsCrypto } from './mls-crypto.ts';
import { encodeMlsText } from './mls-messages.ts';
import { wipeConsumed, wipeRetiredStates } from './mls-state-wipe.ts';
import { processRoomCommit } from './room-apply-commit.ts';
import type { CommitFrameFields } from './room-commit-frame.ts';
import { type CommitOutcome, RoomGroupError } from './room-group-api.ts';
import {
  addProposals,
  makeMemberCommit,
  removeProposals,
  withCurrentOldEpoch,
} from './room-member-commit.ts';
import { diffMembers, listMembers, type RoomMember } from './room-members.ts';
import { type KnockRequest, type Received, receiveCiphertext } from './room-receive.ts';
import { removerRank, staleLeaves, updateDelayMs } from './room-rules.ts';
import { cloneClientState, encodedStateSize } from './room-state-copy.ts';

// The contract's types, importable from here with the group itself.
export { type CommitOutcome, RoomGroupError, type RoomGroupErrorCode } from './room-group-api.ts';
export type { KnockRequest, Received, ReceiveError } from './room-receive.ts';

/** A commit made but not yet ordered by the server: send `frame`, then adopt or discard. */
export interface PendingCommit {
  /** The `commit` frame's fields (add `t`, `id`, `room`). */
  readonly frame: CommitFrameFields;
  /** After `committed`: the group moves to the new epoch (the joined group, for a join). */
  adopt(): Promise<RoomGroup>;
  /** After `stale_epoch` (or when giving up): forgets the commit and zeroes its new secrets. */
  discard(): Promise<void>;
}

/** An Add commit, with the Welcome to `signal` to the newcomer once the server has `committed` it. */
export interface PendingAdd extends PendingCommit {
  readonly welcome: string;
}

/** What a group is made from (room-join.ts). */
export interface RoomGroupInit {
  handle: string;
  memberId: string;
  crypto: MlsCrypto;
  state: ClientState;
  /** The group's own copy of S; `undefined` for a member admitted by knock, until `secret`. */
  secret: Uint8Array | undefined;
  /** Admitted by a Welcome: our leaf came from a KeyPackage, so our first Update is due at once. */
  admittedByKnock?: boolean;
}

interface PendingRecord {
  base: ClientState;
  next: ClientState;
  consumed: Uint8Array[];
  /** `stale`: the group applied another commit of the same epoch first. */
  status: 'pending' | 'adopted' | 'discarded' | 'stale';
}

/** One membership of a room: see the module header. */
export class RoomGroup {
  readonly handle: string;
  readonly memberId: string;
  readonly #crypto: MlsCrypto;
  #state: ClientState;
  #secret: Uint8Array | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #pending: PendingRecord | undefined;
  #closed = false;
  #members: { tree: ClientState['ratchetTree']; list: RoomMember[] } | undefined;
  #refreshedAt = Date.now();
  #updateDelayMs = updateDelayMs();
  #sentSinceRefresh = false;
  #leafFromKeyPackage: boolean;

  /** Use `createRoomGroup`, `joinRoomGroup` or a knock's `acceptWelcome` (room-join.ts). */
  constructor(init: RoomGroupInit) {
    this.handle = init.handle;
    this.memberId = init.memberId;
    this.#crypto = init.crypto;
    this.#state = init.state;
    this.#secret = init.secret;
    this.#leafFromKeyPackage = init.admittedByKnock === true;
  }

  /** The server's handshake counter this group is at: MLS epoch + 1. */
  get epoch(): number {
    return Number(this.#state.groupContext.epoch) + 1;
  }

  /** False once closed or removed. */
  get active(): boolean {
    return !this.#closed && this.#state.groupActiveState.kind === 'active';
  }

  /** Whether the group knows S (a member admitted by knock learns it from a `secret` message). */
  get hasSecret(): boolean {
    return this.#secret !== undefined;
  }

  /** Our own leaf index. */
  get leafIndex(): number {
    return this.#state.privatePath.leafIndex;
  }

  /** Every member, by leaf index (fresh copies: the caller may keep or change them). */
  members(): RoomMember[] {
    const tree = this.#state.ratchetTree;
    if (this.#members?.tree !== tree) this.#members = { tree, list: listMembers(tree, this.leafIndex) };
    return this.#members.list.map((m) => ({ ...m, signaturePublicKey: m.signaturePublicKey.slice() }));
  }

  /** The epoch authenticator (RFC 9420 §8.7): equal for members that agree on the epoch's roster. */
  epochAuthenticator(): Uint8Array {
    return this.#state.keySchedule.epochAuthenticator.slice();
  }

  /** The removal rule: leaf indices whose member id is not among `present` (the others the server lists). */
  staleLeaves(present: Iterable<string>): number[] {
    return staleLeaves(this.members(), present);
  }

  /** The removal rule: our rank among the present members (0 = we remove the stale leaves first). */
  removerRank(present: Iterable<string>): number {
    return removerRank(this.members(), present);
  }

  /**
   * When our next Update is due (Unix ms): 10 minutes ± 20 % after our leaf was last refreshed,
   * `undefined` while we have sent no application message since (docs/rooms-mls.md "PCS"). A member
   * admitted by knock is due as soon as it knows S: its leaf came from a KeyPackage, and its first
   * Update gives it a path of its own (a fuller tree is cheaper for every later joiner).
   */
  updateDueAt(): number | undefined {
    if (!this.#secret || !this.active) return undefined;
    if (this.#leafFromKeyPackage) return this.#refreshedAt;
    return this.#sentSinceRefresh ? this.#refreshedAt + this.#updateDelayMs : undefined;
  }

  /** Encrypts an application message for the group: the `ct` of a `send` frame. */
  encrypt(message: RoomMessage): Promise<string> {
    return this.#run(async () => {
      this.#requireActive();
      const bytes = encodeRoomMessage(message);
      const result = await createApplicationMessage(this.#state, bytes, this.#crypto.impl);
      this.#state = result.newState;
      wipeConsumed(result.consumed);
      this.#sentSinceRefresh = true;
      return encodeMlsText({ wireformat: 'mls_private_message', privateMessage: result.privateMessage });
    });
  }

  /** Opens the `ct` of a `msg` frame: a message with its sender, a knock, or why not. Never throws. */
  receive(ct: string): Promise<Received> {
    return this.#run(async (): Promise<Received> => {
      if (!this.active) return { kind: 'error', error: 'closed' };
      const result = await receiveCiphertext(this.#state, ct, this.#crypto);
      if (result.state) {
        this.#state = result.state;
        wipeConsumed(result.consumed);
      }
      const { received } = result;
      if (received.kind === 'message' && received.message.kind === 'secret') {
        if (!this.#learnSecret(received.message.secret)) return { kind: 'error', error: 'invalid_secret' };
      }
      return received;
    });
  }

  /**
   * Applies a commit the server relayed (`commit` frame: its `commit`, `epoch` and `from`). After
   * `removed` the group is inert: close it and rejoin. Never throws.
   */
  applyCommit(commit: string, frameEpoch: number, from?: string): Promise<CommitOutcome> {
    return this.#run(async (): Promise<CommitOutcome> => {
      if (!this.active) return { ok: false, error: 'closed' };
      const before = this.members();
      const result = await processRoomCommit(this.#state, commit, frameEpoch, from, this.#crypto);
      if (!result.ok && result.error !== 'removed') return { ok: false, error: result.error };
      this.#moveTo(result.state);
      if (!result.ok) return { ok: false, error: 'removed' };
      wipeConsumed(result.consumed);
      return { ok: true, ...diffMembers(before, this.members()) };
    });
  }

  /** An empty commit: a fresh leaf key and UpdatePath, so a leaked state heals (PCS). */
  update(): Promise<PendingCommit> {
    return this.#run(() => this.#commit([]));
  }

  /** A commit removing these leaves (the stale ones: `staleLeaves`). */
  removeLeaves(leafIndices: readonly number[]): Promise<PendingCommit> {
    return this.#run(() =>
      this.#commit(removeProposals(this.#state.ratchetTree, leafIndices, this.leafIndex)),
    );
  }

  /**
   * Approves knocks: one Add commit for all of them, and the Welcome to `signal` to each knocker
   * once the server has `committed` it.
   */
  add(knocks: readonly KnockRequest[]): Promise<PendingAdd> {
    return this.#run(async () => this.#commit(addProposals(knocks, this.members())) as Promise<PendingAdd>);
  }

  /** Leaves the group: zeroes every secret it holds once the operation in progress (if any) ends. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#queue.then(() => {
      const states = [this.#state, ...(this.#pending ? [this.#pending.next] : [])];
      this.#pending = undefined;
      forgetSigningKey(this.#state.signaturePrivateKey);
      wipeRetiredStates(states);
      wipe(this.#secret);
      this.#secret = undefined;
      this.#members = undefined;
    });
  }

  /** Tests only: an independent copy of this group, as an attacker who copied its memory holds it. */
  static cloneForTests(group: RoomGroup): RoomGroup {
    return new RoomGroup({
      handle: group.handle,
      memberId: group.memberId,
      crypto: group.#crypto,
      state: cloneClientState(group.#state),
      secret: group.#secret?.slice(),
    });
  }

  /** Tests only: an independent copy of this group's MLS state. */
  static copyStateForTests(group: RoomGroup): ClientState {
    return cloneClientState(group.#state);
  }

  /** Tests and benchmarks only: the size of this group's encoded state (a lower bound of its memory). */
  static encodedSizeForTests(group: RoomGroup): number {
    return encodedStateSize(group.#state);
  }

  async #commit(proposals: Proposal[]): Promise<PendingCommit | PendingAdd> {
    this.#requireActive();
    const secret = this.#secret;
    if (!secret) throw new RoomGroupError('no_secret', 'the room secret has not arrived yet');
    if (this.#pending)
      throw new RoomGroupError('commit_pending', 'adopt or discard the pending commit first');
    const base = this.#state;
    const made = await makeMemberCommit({
      base,
      proposals,
      handle: this.handle,
      secret,
      crypto: this.#crypto,
    });
    const record: PendingRecord = { base, next: made.next, consumed: made.consumed, status: 'pending' };
    this.#pending = record;
    const pending: PendingCommit = {
      frame: made.frame,
      adopt: () => this.#run(async () => this.#adopt(record)),
      discard: () => this.#run(async () => this.#discard(record)),
    };
    return made.welcome === undefined ? pending : { ...pending, welcome: made.welcome };
  }

  #adopt(record: PendingRecord): RoomGroup {
    this.#requireActive();
    if (record.status === 'adopted' || record.status === 'discarded') {
      throw new RoomGroupError('settled', 'this commit was already adopted or discarded');
    }
    if (record.status === 'stale' || this.#state.keySchedule !== record.base.keySchedule) {
      throw new RoomGroupError('stale_commit', 'the group applied another commit of this epoch first');
    }
    record.status = 'adopted';
    this.#pending = undefined;
    const next = withCurrentOldEpoch(record.next, record.base, this.#state);
    wipeConsumed(record.consumed);
    this.#moveTo(next, [record.next]);
    this.#refreshedAt = Date.now();
    this.#updateDelayMs = updateDelayMs();
    this.#sentSinceRefresh = false;
    this.#leafFromKeyPackage = false;
    return this;
  }

  #discard(record: PendingRecord): void {
    if (record.status !== 'pending') return;
    record.status = 'discarded';
    if (this.#pending === record) this.#pending = undefined;
    wipeRetiredStates([record.next], this.#state);
  }

  /** Makes `next` the live state; zeroes what the old state (and `alsoRetired`) alone reached. */
  #moveTo(next: ClientState, alsoRetired: ClientState[] = []): void {
    const retired = [this.#state, ...alsoRetired];
    const pending = this.#pending;
    if (pending && !alsoRetired.includes(pending.next)) {
      // Another commit of this epoch won: our pending one can never be adopted.
      pending.status = 'stale';
      retired.push(pending.next);
      this.#pending = undefined;
    }
    this.#state = next;
    wipeRetiredStates(retired, next);
  }

  /** Adopts S from a `secret` message when we lack it; false when it is not this room's S. */
  #learnSecret(text: string): boolean {
    const secret = decodeB64u(text);
    if (secret?.length !== 32 || deriveRoomId(secret) !== this.handle) return false;
    if (this.#secret) wipe(secret);
    else this.#secret = secret;
    return true;
  }

  #requireActive(): void {
    if (this.#closed) throw new RoomGroupError('closed', 'the group is closed');
    if (this.#state.groupActiveState.kind !== 'active')
      throw new RoomGroupError('removed', 'we were removed');
  }

  /** Runs `op` after every operation queued before it. */
  #run<T>(op: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(op);
    this.#queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
