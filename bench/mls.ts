/**
 * MLS rooms in process (docs/rooms-mls.md, issue #11): what a member's client spends on the group.
 * - external join into a room of n − 1 members (n = 8, 64, 256): the joiner's time (open the sealed
 *   GroupInfo, external commit, frame) and one member's time to apply that commit;
 * - Remove and Update commits at 64 and 256: the committer's time (commit and frame) and one
 *   member's time to apply it;
 * - application messages of ~1 KB, sequential, encrypts/s and decrypts/s, our provider next to
 *   ts-mls's default provider (the baseline) in the same run;
 * - memory of one member's state at 64 and 256: the encoded state (a lower bound) and the heap
 *   plus array buffers taken by decoded copies (after a full GC).
 * Rooms are grown as open rooms grow, one external join per member (the build time is printed;
 * only the last two joiners keep a state). One more row joins the worst case for a joiner: a room
 * of 255 members added by one Add commit of knocks that never committed since.
 * Timings share the machine's 2 cores with whatever else runs: compare with the baseline rows.
 * Run: `npm run bench -- mls` or `npx tsx bench/mls.ts` (`… messages`: message rates alone).
 */

import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { deriveRoomId, generateLinkSecret } from '../shared/crypto/room-secret.ts';
import { createSecretMessage } from '../shared/e2e/message-plaintext.ts';
import { getDefaultMlsCrypto, getMlsCrypto, type MlsCrypto } from '../shared/e2e/mls-crypto.ts';
import { RoomGroup } from '../shared/e2e/room-group.ts';
import { joinRoomGroup } from '../shared/e2e/room-join.ts';
import { createKnock } from '../shared/e2e/room-knock.ts';
import { newMember, type TestMember, TestOrderer } from '../tests/support/mls-orderer.ts';
import { measureMessageRates } from './messages/message-rates.ts';

const JOIN_SIZES = [8, 64, 256] as const;
const COMMIT_SIZES = [64, 256] as const;
const WORST_CASE_SIZE = 256;
const REPEATS = 3; // each timing is the median of this many
const MESSAGE_CHARS = 1000; // pads to the 1024-byte bucket
const MESSAGE_DURATION_MS = 2000;
const MEMORY_COPIES = 8;

export interface MlsBenchResult {
  joins: {
    tree: 'grown by joins' | 'one Add of knocks';
    members: number;
    buildSeconds: number;
    joinerMs: number;
    memberMs: number;
    commitBytes: number;
    groupInfoBytes: number;
  }[];
  commits: {
    members: number;
    kind: 'remove' | 'update';
    committerMs: number;
    memberMs: number;
    commitBytes: number;
  }[];
  messages: { provider: string; encryptPerSecond: number; decryptPerSecond: number }[];
  memory: { members: number; encodedStateBytes: number; memoryPerStateBytes: number | null }[];
}

/** A room of `size` members: the orderer and two members with a state (the rest left their groups). */
interface BenchRoom {
  room: TestOrderer;
  committer: TestMember;
  member: TestMember;
}

export async function runMlsBench(): Promise<MlsBenchResult> {
  const crypto = await getMlsCrypto();
  const result: MlsBenchResult = { joins: [], commits: [], messages: [], memory: [] };
  for (const members of JOIN_SIZES) {
    const start = performance.now();
    const bench = await growByJoins(members - 1, crypto);
    const buildSeconds = Math.round((performance.now() - start) / 100) / 10;
    result.joins.push({
      tree: 'grown by joins',
      members,
      buildSeconds,
      ...(await measureJoin(bench, crypto)),
    });
    if ((COMMIT_SIZES as readonly number[]).includes(members)) {
      result.commits.push({ members, kind: 'remove', ...(await measureCommit(bench, 'remove')) });
      result.commits.push({ members, kind: 'update', ...(await measureCommit(bench, 'update')) });
      result.memory.push({ members, ...measureMemory(bench.member.group!) });
    }
    closeRoom(bench);
  }
  const members = WORST_CASE_SIZE;
  const start = performance.now();
  const worst = await buildByOneAdd(members - 1, crypto);
  const buildSeconds = Math.round((performance.now() - start) / 100) / 10;
  result.joins.push({
    tree: 'one Add of knocks',
    members,
    buildSeconds,
    ...(await measureJoin(worst, crypto)),
  });
  closeRoom(worst);
  result.messages = await runMlsMessagesBench();
  return result;
}

/** Application messages only, ts-mls's default provider first (the baseline), then ours. */
export async function runMlsMessagesBench(): Promise<MlsBenchResult['messages']> {
  const results = [];
  for (const provider of [await getDefaultMlsCrypto(), await getMlsCrypto()]) {
    results.push(await measureMessages(provider));
  }
  return results;
}

/**
 * A room grown as open rooms grow: each member joins by external commit. Only the last two keep a
 * state (the others close theirs once joined), so the build costs one join per member.
 */
async function growByJoins(size: number, crypto: MlsCrypto): Promise<BenchRoom> {
  const secret = generateLinkSecret();
  const room = new TestOrderer(deriveRoomId(secret), secret);
  const joined: TestMember[] = [newMember('creator', crypto)];
  await room.create(joined[0]!);
  for (let i = 1; i < size; i++) {
    const member = newMember(`m${i}`, crypto);
    await room.join(member);
    joined.push(member);
    if (joined.length > 2) joined.shift()!.group!.close();
  }
  const [member, committer] = joined as [TestMember, TestMember];
  await room.catchUp(member);
  return { room, committer, member };
}

/**
 * The worst case for a joiner: a room whose members were all added by one Add commit of knocks
 * and never committed since, so every leaf came from a KeyPackage and every parent node off the
 * creator's path is blank (ts-mls checks parent hashes in time quadratic in such a tree).
 */
async function buildByOneAdd(size: number, crypto: MlsCrypto): Promise<BenchRoom> {
  const secret = generateLinkSecret();
  const room = new TestOrderer(deriveRoomId(secret), secret);
  const committer = newMember('creator', crypto);
  const member = newMember('member', crypto);
  await room.create(committer);
  const knockers = [member, ...Array.from({ length: size - 2 }, (_, i) => newMember(`m${i}`, crypto))];
  const knocks = await Promise.all(knockers.map((k) => createKnock({ ...room.params(k) })));
  const requests = [];
  for (const knock of knocks) {
    const received = await committer.group!.receive(knock.ct);
    if (received.kind !== 'knock') throw new Error('bench: a knock was refused');
    requests.push(received.knock);
  }
  const add = await committer.group!.add(requests);
  if ((await room.settle(committer, add)) !== 'committed') throw new Error('bench: the Add was refused');
  const welcomed = await knocks[0]!.acceptWelcome(add.welcome);
  if (!welcomed.ok) throw new Error(`bench: welcome failed: ${welcomed.error}`);
  member.group = welcomed.group;
  member.seen = room.log.length;
  for (const knock of knocks.slice(1)) knock.close();
  await member.group.receive(await committer.group!.encrypt(createSecretMessage(secret)));
  return { room, committer, member };
}

function closeRoom(bench: BenchRoom): void {
  bench.committer.group!.close();
  bench.member.group!.close();
}

async function measureJoin(bench: BenchRoom, crypto: MlsCrypto) {
  const { room, member } = bench;
  const joinerTimes: number[] = [];
  const memberTimes: number[] = [];
  let commitBytes = 0;
  for (let i = 0; i < REPEATS; i++) {
    const joiner = newMember(`joiner${i}`, crypto);
    const start = performance.now();
    const joined = await joinRoomGroup(room.params(joiner), room.groupInfo!, room.epoch);
    joinerTimes.push(performance.now() - start);
    if (!joined.ok) throw new Error(`bench: join failed: ${joined.error}`);
    const copy = RoomGroup.cloneForTests(member.group!);
    const applyStart = performance.now();
    const outcome = await copy.applyCommit(
      joined.pending.frame.commit,
      joined.pending.frame.epoch,
      joiner.memberId,
    );
    memberTimes.push(performance.now() - applyStart);
    if (!outcome.ok) throw new Error(`bench: a member could not apply the join: ${outcome.error}`);
    commitBytes = (joined.pending.frame.commit.length * 3) / 4;
    copy.close();
    await joined.pending.discard();
  }
  return {
    joinerMs: median(joinerTimes),
    memberMs: median(memberTimes),
    commitBytes: Math.round(commitBytes),
    groupInfoBytes: Math.round((room.groupInfo!.length * 3) / 4),
  };
}

async function measureCommit(bench: BenchRoom, kind: 'remove' | 'update') {
  const { committer: creator, member } = bench;
  const committerTimes: number[] = [];
  const memberTimes: number[] = [];
  let commitBytes = 0;
  const target = creator.group!.members().find((m) => !m.isSelf && m.leafIndex !== member.group!.leafIndex)!;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    const pending =
      kind === 'remove'
        ? await creator.group!.removeLeaves([target.leafIndex])
        : await creator.group!.update();
    committerTimes.push(performance.now() - start);
    const copy = RoomGroup.cloneForTests(member.group!);
    const applyStart = performance.now();
    const outcome = await copy.applyCommit(pending.frame.commit, pending.frame.epoch, creator.memberId);
    memberTimes.push(performance.now() - applyStart);
    if (!outcome.ok) throw new Error(`bench: a member could not apply the ${kind}: ${outcome.error}`);
    commitBytes = (pending.frame.commit.length * 3) / 4;
    copy.close();
    await pending.discard();
  }
  return {
    committerMs: median(committerTimes),
    memberMs: median(memberTimes),
    commitBytes: Math.round(commitBytes),
  };
}

async function measureMessages(crypto: MlsCrypto) {
  const { encryptPerSecond, decryptPerSecond } = await measureMessageRates(
    crypto,
    MESSAGE_DURATION_MS,
    MESSAGE_CHARS,
  );
  return { provider: crypto.name, encryptPerSecond, decryptPerSecond };
}

function measureMemory(group: RoomGroup) {
  const encodedStateBytes = RoomGroup.encodedSizeForTests(group);
  const gc = exposeGc();
  if (!gc) return { encodedStateBytes, memoryPerStateBytes: null };
  // Decoded states are views into ArrayBuffers, which V8 counts outside the JS heap.
  const used = () => {
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  };
  gc();
  const before = used();
  const copies = Array.from({ length: MEMORY_COPIES }, () => RoomGroup.cloneForTests(group));
  gc();
  const after = used();
  for (const copy of copies) copy.close();
  return { encodedStateBytes, memoryPerStateBytes: Math.round((after - before) / MEMORY_COPIES) };
}

/** `global.gc` without `--expose-gc` (V8 lets a running process enable it). */
function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}

/** Prints the results as tables, with the aims of issue #11. */
export function printMlsTables(result: MlsBenchResult): void {
  console.log(
    'MLS external join into a room of n − 1 members (aim: ≤ 300 ms at 64, ≤ 1 s at 256), median of 3',
  );
  console.table(result.joins);
  console.log('MLS Remove and Update commits: committer and one member, median of 3');
  console.table(result.commits);
  const base = result.messages.find((m) => m.provider === 'ts-mls-default')!;
  console.log(`MLS application messages, ~${MESSAGE_CHARS} B, sequential (aim: ≥ 1,000/s each)`);
  console.table(
    result.messages.map((m) => ({
      ...m,
      encryptRatio: (m.encryptPerSecond / base.encryptPerSecond).toFixed(2),
      decryptRatio: (m.decryptPerSecond / base.decryptPerSecond).toFixed(2),
    })),
  );
  console.log(
    'MLS state of one member: encoded (lower bound), and heap + array buffers per decoded copy (after GC)',
  );
  console.table(result.memory);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2] === 'messages') console.table(await runMlsMessagesBench());
  else printMlsTables(await runMlsBench());
}
