/**
 * A tiny in-process stand-in for the server's handshake ordering (PROTOCOL.md §3), for the unit
 * tests of shared/e2e/: one accepted commit per epoch, `auth` verified under the current handshake
 * key or the join key, the latest sealed GroupInfo kept, accepted commits logged so each member
 * applies them in order. Not the server: no sockets, no presence, no limits.
 */
import { generateRandomBytes } from '../../shared/crypto/random-bytes.ts';
import { deriveRoomId, generateLinkSecret } from '../../shared/crypto/room-secret.ts';
import { verifyCommitAuth } from '../../shared/e2e/commit-auth.ts';
import type { RoomMessage } from '../../shared/e2e/message-plaintext.ts';
import type { MlsCrypto } from '../../shared/e2e/mls-crypto.ts';
import type { CommitFrameFields, GenesisFrameFields } from '../../shared/e2e/room-commit-frame.ts';
import type { PendingCommit, Received, RoomGroup } from '../../shared/e2e/room-group.ts';
import { createRoomGroup, joinRoomGroup, type RoomGroupParams } from '../../shared/e2e/room-join.ts';
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';

export type Verdict = 'committed' | 'stale_epoch' | 'forbidden';

/** One accepted commit, as the server relays it. */
export interface RelayedCommit {
  epoch: number;
  commit: string;
  from: string;
}

/** A test participant: one install (identity seed) with one connection (member id) at a time. */
export interface TestMember {
  name: string;
  memberId: string;
  identitySeed: Uint8Array;
  crypto?: MlsCrypto;
  group?: RoomGroup;
  /** How many of the orderer's logged commits this member has seen. */
  seen: number;
}

/** Draws a member id like the server's (9 random bytes, 12 b64u characters). */
export function newMemberId(): string {
  return encodeB64u(generateRandomBytes(9));
}

/** A fresh participant with its own identity seed. */
export function newMember(name: string, crypto?: MlsCrypto): TestMember {
  return { name, memberId: newMemberId(), identitySeed: generateRandomBytes(32), crypto, seen: 0 };
}

export class TestOrderer {
  epoch = 0;
  groupInfo: string | null = null;
  handshakeKey: Uint8Array | undefined;
  joinKey: Uint8Array | undefined;
  readonly log: RelayedCommit[] = [];
  readonly verdicts: Verdict[] = [];

  constructor(
    readonly handle: string,
    readonly secret: Uint8Array,
  ) {}

  /** The server's checks on a `commit` frame, in its order: epoch, then auth. */
  async submit(from: string, frame: CommitFrameFields | GenesisFrameFields): Promise<Verdict> {
    const verdict = await this.#judge(from, frame);
    this.verdicts.push(verdict);
    return verdict;
  }

  async #judge(from: string, frame: CommitFrameFields | GenesisFrameFields): Promise<Verdict> {
    if (frame.epoch !== this.epoch) return 'stale_epoch';
    const fields = {
      handle: this.handle,
      epoch: frame.epoch,
      commit: frame.commit === null ? null : decodeB64u(frame.commit)!,
      groupInfo: decodeB64u(frame.groupInfo)!,
      nextKey: decodeB64u(frame.nextKey)!,
    };
    if (this.epoch === 0) {
      if (frame.commit !== null || !('joinKey' in frame)) return 'forbidden';
      this.joinKey = decodeB64u(frame.joinKey)!;
    } else {
      const auth = decodeB64u(frame.auth)!;
      const byHandshake = await verifyCommitAuth(fields, auth, this.handshakeKey!);
      const byJoin = await verifyCommitAuth(fields, auth, this.joinKey!);
      if (frame.commit === null || !(byHandshake || byJoin)) return 'forbidden';
      this.log.push({ epoch: frame.epoch, commit: frame.commit, from });
    }
    this.epoch += 1;
    this.groupInfo = frame.groupInfo;
    this.handshakeKey = fields.nextKey;
    return 'committed';
  }

  params(member: TestMember): RoomGroupParams {
    return {
      handle: this.handle,
      secret: this.secret,
      identitySeed: member.identitySeed,
      memberId: member.memberId,
      crypto: member.crypto,
    };
  }

  /** The first member creates the group and publishes it at epoch 0. */
  async create(member: TestMember): Promise<RoomGroup> {
    const { group, frame } = await createRoomGroup(this.params(member));
    if ((await this.submit(member.memberId, frame)) !== 'committed') throw new Error('genesis refused');
    member.group = group;
    member.seen = this.log.length;
    return group;
  }

  /** An external join, retried after `stale_epoch` as a client does. */
  async join(member: TestMember): Promise<RoomGroup> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await joinRoomGroup(this.params(member), this.groupInfo!, this.epoch);
      if (!result.ok) throw new Error(`join failed: ${result.error}`);
      const verdict = await this.submit(member.memberId, result.pending.frame);
      if (verdict === 'committed') {
        member.group = await result.pending.adopt();
        member.seen = this.log.length;
        return member.group;
      }
      await result.pending.discard();
    }
    throw new Error('join: too many stale epochs');
  }

  /** Sends a member's pending commit; adopts it when accepted, discards it otherwise. */
  async settle(member: TestMember, pending: PendingCommit): Promise<Verdict> {
    const verdict = await this.submit(member.memberId, pending.frame);
    if (verdict === 'committed') {
      await pending.adopt();
      member.seen = this.log.length;
    } else {
      await pending.discard();
    }
    return verdict;
  }

  /** Applies every logged commit the member has not seen (its own are skipped: it adopted them). */
  async catchUp(member: TestMember): Promise<void> {
    while (member.seen < this.log.length) {
      const relayed = this.log[member.seen]!;
      member.seen += 1;
      if (relayed.from === member.memberId) continue;
      const outcome = await member.group!.applyCommit(relayed.commit, relayed.epoch, relayed.from);
      if (!outcome.ok)
        throw new Error(`${member.name} could not apply epoch ${relayed.epoch}: ${outcome.error}`);
    }
  }

  /** Brings every listed member up to date. */
  async catchUpAll(members: readonly TestMember[]): Promise<void> {
    for (const member of members) if (member.group?.active) await this.catchUp(member);
  }
}

/** Sends a message from one member and returns what each of the others made of it. */
export async function broadcast(
  sender: TestMember,
  others: readonly TestMember[],
  message: RoomMessage,
): Promise<Received[]> {
  const ct = await sender.group!.encrypt(message);
  return Promise.all(others.map((m) => m.group!.receive(ct)));
}

/** A free room of `names.length` members grown by joins, everyone caught up after each join. */
export async function roomOfMembers(
  ...names: string[]
): Promise<{ room: TestOrderer; members: TestMember[]; secret: Uint8Array }> {
  const secret = generateLinkSecret();
  const room = new TestOrderer(deriveRoomId(secret), secret);
  const members = names.map((name) => newMember(name));
  await room.create(members[0]!);
  for (const member of members.slice(1)) {
    await room.join(member);
    await room.catchUpAll(members);
  }
  return { room, members, secret };
}
