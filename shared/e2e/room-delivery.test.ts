/**
 * Delivery and ordering properties of room groups (issue #11): messages delivered out of order
 * within retention decrypt; a stale commit is retried and converges; members that agree on the
 * epoch authenticator see the same roster; an 8-member room with joins, leaves (the removal rule)
 * and rejoins (resync) keeps every message readable by every present member. The orderer in
 * tests/support/mls-orderer.ts plays the server's one-commit-per-epoch rule.
 */
import {
  type ClientState,
  createApplicationMessage,
  createCommit,
  createGroup,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  generateKeyPackage,
  joinGroup,
  processPrivateMessage,
} from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import { describe, expect, it } from 'vitest';
import {
  broadcast,
  newMember,
  newMemberId,
  roomOfMembers,
  type TestMember,
  TestOrderer,
} from '../../tests/support/mls-orderer.ts';
import { deriveEd25519PublicKey } from '../crypto/ed25519-signing.ts';
import { deriveRoomId, generateLinkSecret } from '../crypto/room-secret.ts';
import { encodeHex, encodeUtf8 } from '../encoding.ts';
import { createTextMessage } from './message-plaintext.ts';
import { getMlsCrypto } from './mls-crypto.ts';
import { RoomGroupError } from './room-group.ts';
import { fingerprintOf } from './room-identity.ts';
import { joinRoomGroup } from './room-join.ts';

const roomOf = roomOfMembers;

const rosterOf = (m: TestMember) =>
  m
    .group!.members()
    .map((r) => `${r.leafIndex}:${r.memberId}:${r.fingerprint}`)
    .join(',');

function closeAll(members: readonly TestMember[]) {
  for (const m of members) m.group?.close();
}

describe('out-of-order delivery', () => {
  it('decrypts 30 messages delivered in reverse (100 keys retained per sender)', async () => {
    const { members } = await roomOf('alice', 'bob');
    const [alice, bob] = members as [TestMember, TestMember];
    const cts: string[] = [];
    for (let i = 0; i < 30; i++) cts.push(await alice.group!.encrypt(createTextMessage(`m${i}`)));
    const bodies: string[] = [];
    for (const ct of cts.reverse()) {
      const received = await bob.group!.receive(ct);
      if (received.kind === 'message' && received.message.kind === 'text') bodies.push(received.message.body);
    }
    expect(bodies).toEqual(Array.from({ length: 30 }, (_, i) => `m${29 - i}`));
    // A message opened once does not open again (its key is gone).
    expect(await bob.group!.receive(cts[0]!)).toEqual({ kind: 'error', error: 'undecryptable' });
    closeAll(members);
  });

  it('opens only 11 of them with ts-mls’s default retention of 10 (why we keep 100)', async () => {
    const { impl } = await getMlsCrypto();
    const credential = (name: string) => ({ credentialType: 'basic' as const, identity: encodeUtf8(name) });
    const a = await generateKeyPackage(credential('a'), defaultCapabilities(), defaultLifetime, [], impl);
    const b = await generateKeyPackage(credential('b'), defaultCapabilities(), defaultLifetime, [], impl);
    let alice: ClientState = await createGroup(
      new Uint8Array(16),
      a.publicPackage,
      a.privatePackage,
      [],
      impl,
    );
    const add = await createCommit(
      { state: alice, cipherSuite: impl },
      {
        extraProposals: [{ proposalType: 'add', add: { keyPackage: b.publicPackage } }],
        ratchetTreeExtension: true,
      },
    );
    alice = add.newState;
    let bob = await joinGroup(
      add.welcome!,
      b.publicPackage,
      b.privatePackage,
      emptyPskIndex,
      impl,
      undefined,
      undefined,
      defaultClientConfig,
    );
    const sent = [];
    for (let i = 0; i < 30; i++) {
      const m = await createApplicationMessage(alice, new Uint8Array(8), impl);
      alice = m.newState;
      sent.push(m.privateMessage);
    }
    let opened = 0;
    for (const message of sent.reverse()) {
      try {
        const r = await processPrivateMessage(bob, message, emptyPskIndex, impl);
        bob = r.newState;
        opened += 1;
      } catch {
        // beyond the retained keys
      }
    }
    expect(opened).toBe(11);
  });

  it('opens messages of an epoch that just ended (retained epochs), sent before a commit', async () => {
    const { room, members } = await roomOf('alice', 'bob', 'carol');
    const [alice, bob, carol] = members as [TestMember, TestMember, TestMember];
    const late = await alice.group!.encrypt(createTextMessage('sent before the update'));
    expect(await room.settle(bob, await bob.group!.update())).toBe('committed');
    await room.catchUpAll([alice, carol]);
    expect(await carol.group!.receive(late)).toMatchObject({
      kind: 'message',
      sender: { memberId: alice.memberId },
    });
    closeAll(members);
  });
});

describe('a stale commit', () => {
  it('is discarded after stale_epoch, retried on the new epoch, and the room converges', async () => {
    const { room, members } = await roomOf('alice', 'bob', 'carol', 'dave');
    const [alice, bob] = members as [TestMember, TestMember];
    const first = await alice.group!.update();
    const second = await bob.group!.update();
    expect(first.frame.epoch).toBe(second.frame.epoch);
    expect(await room.settle(alice, first)).toBe('committed');
    expect(await room.settle(bob, second)).toBe('stale_epoch');
    // bob applies what won, then tries again from the new epoch.
    await room.catchUpAll(members);
    expect(await room.settle(bob, await bob.group!.update())).toBe('committed');
    await room.catchUpAll(members);
    const epochs = new Set(members.map((m) => m.group!.epoch));
    const authenticators = new Set(members.map((m) => encodeHex(m.group!.epochAuthenticator())));
    expect(epochs).toEqual(new Set([room.epoch]));
    expect(authenticators.size).toBe(1);
    const received = await broadcast(bob, members.slice(2), createTextMessage('converged'));
    for (const r of received) expect(r.kind).toBe('message');
    closeAll(members);
  });

  it('cannot be adopted once the winning commit was applied first; retrying still converges', async () => {
    const { room, members } = await roomOf('alice', 'bob', 'carol');
    const [alice, bob, carol] = members as [TestMember, TestMember, TestMember];
    const removal = await alice.group!.removeLeaves([carol.group!.leafIndex]);
    const update = await bob.group!.update();
    expect(await room.submit(alice.memberId, removal.frame)).toBe('committed');
    await removal.adopt();
    alice.seen = room.log.length;
    // The relayed commit reaches bob before the server's stale_epoch reply.
    await room.catchUp(bob);
    await expect(update.adopt()).rejects.toMatchObject({ code: 'stale_commit' });
    await update.discard();
    expect(await room.settle(bob, await bob.group!.update())).toBe('committed');
    await room.catchUp(alice);
    expect(encodeHex(alice.group!.epochAuthenticator())).toBe(encodeHex(bob.group!.epochAuthenticator()));
    closeAll(members);
  });

  it('of two joiners racing: the loser opens the new GroupInfo and joins next', async () => {
    const { room, members } = await roomOf('alice');
    const [j1, j2] = [newMember('j1'), newMember('j2')];
    const a = await joinRoomGroup(room.params(j1), room.groupInfo!, room.epoch);
    const b = await joinRoomGroup(room.params(j2), room.groupInfo!, room.epoch);
    if (!a.ok || !b.ok) throw new Error('join failed');
    expect(await room.submit(j1.memberId, a.pending.frame)).toBe('committed');
    expect(await room.submit(j2.memberId, b.pending.frame)).toBe('stale_epoch');
    j1.group = await a.pending.adopt();
    j1.seen = room.log.length;
    await b.pending.discard();
    await expect(b.pending.adopt()).rejects.toBeInstanceOf(RoomGroupError);
    await room.join(j2);
    await room.catchUpAll([...members, j1]);
    expect(new Set([...members, j1, j2].map(rosterOf)).size).toBe(1);
    closeAll([...members, j1, j2]);
  });
});

describe('epoch authenticator', () => {
  it('is equal exactly for members that see the same roster, even when the room forks', async () => {
    const { members } = await roomOf('alice', 'bob', 'carol', 'dave');
    const [alice, bob, carol, dave] = members as [TestMember, TestMember, TestMember, TestMember];
    // Two commits of one epoch, each adopted by part of the room (a server that does not order).
    const removeDave = await alice.group!.removeLeaves([dave.group!.leafIndex]);
    const removeCarol = await bob.group!.removeLeaves([carol.group!.leafIndex]);
    await removeDave.adopt();
    await removeCarol.adopt();
    const epoch = removeDave.frame.epoch;
    expect(await carol.group!.applyCommit(removeDave.frame.commit, epoch, alice.memberId)).toMatchObject({
      ok: true,
    });
    expect(await dave.group!.applyCommit(removeCarol.frame.commit, epoch, bob.memberId)).toMatchObject({
      ok: true,
    });
    const forked = [alice, bob, carol, dave];
    expect(new Set(forked.map((m) => m.group!.epoch)).size).toBe(1); // same epoch number
    for (const x of forked) {
      for (const y of forked) {
        const sameAuthenticator =
          encodeHex(x.group!.epochAuthenticator()) === encodeHex(y.group!.epochAuthenticator());
        expect(sameAuthenticator, `${x.name} / ${y.name}`).toBe(rosterOf(x) === rosterOf(y));
      }
    }
    expect(rosterOf(alice)).toBe(rosterOf(carol));
    expect(rosterOf(alice)).not.toBe(rosterOf(bob));
    closeAll(members);
  });
});

/** A small seeded PRNG (mulberry32), so a failing churn run can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('an 8-member room with churn', () => {
  it('keeps every message readable by every present member through joins, leaves and rejoins', async () => {
    const random = prng(20261201);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const secret = generateLinkSecret();
    const room = new TestOrderer(deriveRoomId(secret), secret);
    const installs = Array.from({ length: 8 }, (_, i) => newMember(`install${i}`));
    const present = new Set<TestMember>();
    const counts = { joins: 0, rejoinsWithResync: 0, leaves: 0, removals: 0, messages: 0, updates: 0 };

    const everyoneUpToDate = () => room.catchUpAll([...present]);
    const presentIds = (except: TestMember) =>
      [...present].filter((m) => m !== except).map((m) => m.memberId);
    const applyRemovalRule = async () => {
      const ranks = [...present].map((m) => m.group!.removerRank(presentIds(m)));
      expect(new Set(ranks).size).toBe(present.size); // one rank each, whoever computes
      const remover = [...present][ranks.indexOf(0)]!;
      const stale = remover.group!.staleLeaves(presentIds(remover));
      if (stale.length === 0) return;
      for (const m of present) expect(m.group!.staleLeaves(presentIds(m))).toEqual(stale);
      expect(await room.settle(remover, await remover.group!.removeLeaves(stale))).toBe('committed');
      counts.removals += 1;
      await everyoneUpToDate();
    };
    const fingerprint = (install: TestMember) => fingerprintOf(deriveEd25519PublicKey(install.identitySeed));
    const connect = async (install: TestMember) => {
      install.memberId = newMemberId(); // a new connection, the same identity
      const first = [...present][0];
      const roster = first ? first.group!.members() : [];
      const oldLeaf = roster.some((m) => m.fingerprint === fingerprint(install));
      if (present.size === 0) await room.create(install);
      else await room.join(install);
      expect(install.group!.members().find((m) => m.isSelf)!.fingerprint).toBe(fingerprint(install));
      if (oldLeaf) counts.rejoinsWithResync += 1;
      present.add(install);
      counts.joins += 1;
      await everyoneUpToDate();
    };

    for (const install of installs.slice(0, 4)) await connect(install);
    for (let step = 0; step < 60; step++) {
      const roll = random();
      const absent = installs.filter((m) => !present.has(m));
      if (roll < 0.25 && absent.length > 0) {
        await connect(pick(absent));
      } else if (roll < 0.45 && present.size > 2) {
        const leaver = pick([...present]);
        present.delete(leaver);
        leaver.group!.close();
        counts.leaves += 1;
        if (random() < 0.7) await applyRemovalRule(); // else: the rule runs later (or a rejoin resyncs)
      } else if (roll < 0.55) {
        const member = pick([...present]);
        expect(await room.settle(member, await member.group!.update())).toBe('committed');
        counts.updates += 1;
        await everyoneUpToDate();
      } else {
        await applyRemovalRule();
        const sender = pick([...present]);
        const others = [...present].filter((m) => m !== sender);
        const received = await broadcast(sender, others, createTextMessage(`step ${step}`));
        for (const r of received)
          expect(r).toMatchObject({ kind: 'message', sender: { memberId: sender.memberId } });
        counts.messages += 1;
        // Everyone present sees the same roster: exactly the present connections.
        const rosters = new Set([...present].map(rosterOf));
        expect(rosters.size).toBe(1);
        expect(
          [...present][0]!
            .group!.members()
            .map((m) => m.memberId)
            .sort(),
        ).toEqual([...present].map((m) => m.memberId).sort());
      }
    }
    expect(counts.leaves).toBeGreaterThan(5);
    expect(counts.rejoinsWithResync).toBeGreaterThan(0);
    expect(counts.messages).toBeGreaterThan(10);
    closeAll(installs);
  }, 120_000);
});
