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
import {
  type ClientState,
  createApplicationMessage,
  createCommit,
  type KeyPackage,
  type Proposal,
} from 'ts-mls';
import { decodeKeyPackage, encodeKeyPackage } from 'ts-mls/keyPackage.js';
import { equalBytesConstantTime } from '../crypto/constant-time.ts';
import { deriveRoomId } from '../crypto/room-secret.ts';
import { wipe } from '../crypto/wipe.ts';
import { decodeB64u } from '../encoding.ts';
import { decodeRoomMessage, encodeRoomMessage, type RoomMessage } from './message-plaintext.ts';
import { forgetSigningKey, type MlsCrypto } from './mls-crypto.ts';
import { decodeMlsText, encodeMlsText } from './mls-messages.ts';
import { wipeConsumed, wipeRetiredStates } from './mls-state-wipe.ts';
import { type CommitError, processRoomCommit } from './room-apply-commit.ts';
import { buildCommitFrame, type CommitFrameFields } from './room-commit-frame.ts';
import { listMembers, memberAt, type RoomMember } from './room-members.ts';
import { type KnockRequest, openApplicationMessage, type ReceiveError, readKnock } from './room-receive.ts';
import { removerRank, staleLeaves, updateDelayMs } from './room-rules.ts';
import { cloneClientState, encodedStateSize } from './room-state-copy.ts';

/** What a received `ct` was. */
export type Received =
  | { kind: 'message'; message: RoomMessage; sender: RoomMember }
  | { kind: 'knock'; knock: KnockRequest }
  | { kind: 'error'; error: ReceiveError };

/** What applying a relayed commit did: who came and who went, or why it was not applied. */
export type CommitOutcome =
  | { ok: true; added: RoomMember[]; removed: RoomMember[] }
  | { ok: false; error: CommitError };

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

export type RoomGroupErrorCode =
  | 'closed' // the group was closed
  | 'removed' // a commit removed us; only `close()` remains
  | 'no_secret' // a member admitted by knock cannot commit before the `secret` message
  | 'commit_pending' // one commit at a time: adopt or discard the pending one first
  | 'stale_commit' // the group applied another commit of that epoch first
  | 'settled' // this pending commit was already adopted or discarded
  | 'bad_leaves' // leaves to remove that are blank, repeated, or our own
  | 'bad_knocks' // no knocks, or the same key twice
  | 'already_member' // a knock's key already has a leaf (another member approved it)
  | 'mls'; // ts-mls refused the operation (see `cause`)

/** A local operation that cannot be done (bad input from the network never throws). */
export class RoomGroupError extends Error {
  override name = 'RoomGroupError';
  constructor(
    readonly code: RoomGroupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
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
      const message = decodeMlsText(ct);
      if (message?.wireformat === 'mls_key_package') {
        const knock = await readKnock(message.keyPackage, this.#crypto);
        return knock ? { kind: 'knock', knock } : { kind: 'error', error: 'invalid_knock' };
      }
      if (message?.wireformat !== 'mls_private_message') {
        return { kind: 'error', error: message ? 'not_application' : 'malformed' };
      }
      const result = await openApplicationMessage(this.#state, message.privateMessage, this.#crypto);
      if (!result.ok) return { kind: 'error', error: result.error };
      const { opened } = result;
      this.#state = opened.state;
      wipeConsumed(opened.consumed);
      const decoded = decodeRoomMessage(opened.plaintext);
      const sender = memberAt(opened.tree, opened.senderLeafIndex, this.leafIndex);
      if (!decoded.ok || !sender) return { kind: 'error', error: 'invalid_plaintext' };
      if (decoded.message.kind === 'secret' && !this.#learnSecret(decoded.message.secret)) {
        return { kind: 'error', error: 'invalid_secret' };
      }
      return { kind: 'message', message: decoded.message, sender };
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
    return this.#run(() => {
      const tree = this.#state.ratchetTree;
      const unique = new Set(leafIndices);
      const bad =
        unique.size !== leafIndices.length ||
        unique.size === 0 ||
        leafIndices.some((i) => i === this.leafIndex || tree[i * 2]?.nodeType !== 'leaf');
      if (bad)
        throw new RoomGroupError('bad_leaves', 'leaves to remove must be distinct, present and not ours');
      return this.#commit(leafIndices.map((removed) => ({ proposalType: 'remove', remove: { removed } })));
    });
  }

  /**
   * Approves knocks: one Add commit for all of them, and the Welcome to `signal` to each knocker
   * once the server has `committed` it.
   */
  add(knocks: readonly KnockRequest[]): Promise<PendingAdd> {
    return this.#run(async () => {
      const present = this.members();
      const keys = knocks.map((k) => k.keyPackage.leafNode.signaturePublicKey);
      const repeated = keys.some(
        (key, i) => keys.findIndex((other) => equalBytesConstantTime(other, key)) !== i,
      );
      if (knocks.length === 0 || repeated)
        throw new RoomGroupError('bad_knocks', 'give distinct knocks to add');
      if (keys.some((key) => present.some((m) => equalBytesConstantTime(m.signaturePublicKey, key)))) {
        throw new RoomGroupError('already_member', 'a knocking key already has a leaf in the group');
      }
      // Copies: the group owns (and zeroes) every array in its state, never the caller's.
      const proposals = knocks.map(
        (k): Proposal => ({ proposalType: 'add', add: { keyPackage: copyKeyPackage(k.keyPackage) } }),
      );
      return this.#commit(proposals) as Promise<PendingAdd>;
    });
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
    const isAdd = proposals.some((p) => p.proposalType === 'add');
    let result: Awaited<ReturnType<typeof createCommit>>;
    try {
      result = await createCommit(
        { state: base, cipherSuite: this.#crypto.impl },
        { extraProposals: proposals, ratchetTreeExtension: isAdd },
      );
    } catch (cause) {
      throw new RoomGroupError('mls', 'ts-mls could not make the commit', { cause });
    }
    const record: PendingRecord = {
      base,
      next: result.newState,
      consumed: result.consumed,
      status: 'pending',
    };
    let frame: CommitFrameFields;
    try {
      frame = await buildCommitFrame({
        handle: this.handle,
        secret,
        crypto: this.#crypto,
        next: result.newState,
        commit: result.commit,
        signer: { kind: 'handshake', base },
      });
    } catch (error) {
      wipeRetiredStates([result.newState], base);
      throw error;
    }
    this.#pending = record;
    const pending: PendingCommit = {
      frame,
      adopt: () => this.#run(async () => this.#adopt(record)),
      discard: () => this.#run(async () => this.#discard(record)),
    };
    if (!result.welcome) return pending;
    return { ...pending, welcome: encodeMlsText({ wireformat: 'mls_welcome', welcome: result.welcome }) };
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
    // Messages opened or sent since the commit was made advanced the old epoch's secret tree:
    // keep that one as the old epoch's receiver data, not the copy taken when the commit was made.
    const oldEpoch = record.base.groupContext.epoch;
    const receiverData = record.next.historicalReceiverData.get(oldEpoch);
    const next: ClientState = receiverData
      ? {
          ...record.next,
          historicalReceiverData: new Map(record.next.historicalReceiverData).set(oldEpoch, {
            ...receiverData,
            secretTree: this.#state.secretTree,
          }),
        }
      : record.next;
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

function copyKeyPackage(keyPackage: KeyPackage): KeyPackage {
  const copy = decodeKeyPackage(encodeKeyPackage(keyPackage), 0);
  if (!copy) throw new RoomGroupError('mls', 'ts-mls could not decode the KeyPackage it encoded');
  return copy[0];
}

function diffMembers(before: RoomMember[], after: RoomMember[]) {
  const key = (m: RoomMember) => `${m.leafIndex}:${m.fingerprint}:${m.memberId}`;
  const was = new Set(before.map(key));
  const is = new Set(after.map(key));
  return { added: after.filter((m) => !was.has(key(m))), removed: before.filter((m) => !is.has(key(m))) };
}
