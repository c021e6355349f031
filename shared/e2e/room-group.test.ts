/**
 * The RoomGroup contract (room-group.ts): the roster and fingerprints, encrypt/receive, bad input
 * from the network answered with a kind (never a throw), altered messages refused, and the rules
 * of pending commits (one at a time, adopt or discard once, closed groups do nothing).
 */
import { describe, expect, it } from 'vitest';
import { newMember, newMemberId, roomOfMembers, type TestMember } from '../../tests/support/mls-orderer.ts';
import { deriveEd25519PublicKey } from '../crypto/ed25519-signing.ts';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { decodeB64u, encodeB64u } from '../encoding.ts';
import { createTextMessage, createTypingMessage, MessagePlaintextError } from './message-plaintext.ts';
import { RoomGroupError } from './room-group.ts';
import { fingerprintOf } from './room-identity.ts';
import { joinRoomGroup } from './room-join.ts';

const roomOf = roomOfMembers;

const closeAll = (members: readonly TestMember[]) => {
  for (const m of members) m.group?.close();
};

describe('roster and identity', () => {
  it('lists every leaf with its member id and the fingerprint of its identity key', async () => {
    const { members } = await roomOf('alice', 'bob', 'carol');
    for (const viewer of members) {
      const roster = viewer.group!.members();
      expect(roster.map((m) => m.memberId)).toEqual(members.map((m) => m.memberId));
      for (const [i, entry] of roster.entries()) {
        const owner = members[i]!;
        expect(entry.leafIndex).toBe(i);
        expect(entry.isSelf).toBe(owner === viewer);
        expect(entry.signaturePublicKey).toEqual(deriveEd25519PublicKey(owner.identitySeed));
        expect(entry.fingerprint).toBe(fingerprintOf(entry.signaturePublicKey));
      }
      expect(viewer.group!.leafIndex).toBe(members.indexOf(viewer));
    }
    // Entries are copies: changing one changes nothing in the group.
    members[0]!.group!.members()[1]!.signaturePublicKey.fill(0);
    expect(members[0]!.group!.members()[1]!.signaturePublicKey).toEqual(
      deriveEd25519PublicKey(members[1]!.identitySeed),
    );
    closeAll(members);
  });

  it('keeps the fingerprint across a reconnect (resync replaces the old leaf)', async () => {
    const { room, members } = await roomOf('alice', 'bob');
    const [alice, bob] = members as [TestMember, TestMember];
    const before = alice.group!.members().find((m) => m.memberId === bob.memberId)!.fingerprint;
    bob.group!.close();
    bob.memberId = newMemberId(); // the server forgot bob; he comes back as a new connection
    await room.join(bob);
    const outcome = await alice.group!.applyCommit(
      room.log.at(-1)!.commit,
      room.log.at(-1)!.epoch,
      bob.memberId,
    );
    expect(outcome).toMatchObject({ ok: true, added: [{ memberId: bob.memberId, fingerprint: before }] });
    if (outcome.ok) expect(outcome.removed.map((m) => m.fingerprint)).toEqual([before]);
    alice.seen = room.log.length;
    expect(alice.group!.members()).toHaveLength(2);
    closeAll(members);
  });
});

describe('messages', () => {
  it('carries every kind with its sender, and refuses any altered byte', async () => {
    const { members } = await roomOf('alice', 'bob');
    const [alice, bob] = members as [TestMember, TestMember];
    const typing = await alice.group!.encrypt(createTypingMessage({ now: 1 }));
    expect(await bob.group!.receive(typing)).toMatchObject({
      kind: 'message',
      message: { kind: 'typing', ts: 1 },
      sender: { memberId: alice.memberId, isSelf: false },
    });
    const ct = await alice.group!.encrypt(createTextMessage('do not alter me'));
    const bytes = decodeB64u(ct)!;
    for (let at = 0; at < bytes.length; at++) {
      const altered = bytes.slice();
      altered[at]! ^= 0x01;
      const received = await bob.group!.receive(encodeB64u(altered));
      expect(received.kind, `byte ${at}`).toBe('error');
    }
    // None of the refused copies used up the message's key.
    expect(await bob.group!.receive(ct)).toMatchObject({
      kind: 'message',
      message: { body: 'do not alter me' },
    });
    closeAll(members);
  });

  it('answers garbage and misplaced MLS messages with an error kind, never a throw', async () => {
    const { room, members } = await roomOf('alice', 'bob');
    const [alice, bob] = members as [TestMember, TestMember];
    const update = await alice.group!.update();
    const garbage = ['', 'x', '!!!!', 'AAAA', encodeB64u(generateRandomBytes(200)), 'A'.repeat(60_000)];
    for (const ct of [...garbage, room.groupInfo!]) {
      expect(await bob.group!.receive(ct)).toMatchObject({ kind: 'error', error: 'malformed' });
      expect(await bob.group!.applyCommit(ct, bob.group!.epoch, alice.memberId)).toMatchObject({ ok: false });
    }
    expect(await bob.group!.receive(update.frame.commit)).toEqual({
      kind: 'error',
      error: 'not_application',
    });
    expect(await bob.group!.receive(room.log[0]!.commit)).toEqual({
      kind: 'error',
      error: 'not_application',
    });
    const message = await alice.group!.encrypt(createTextMessage('x'));
    expect(await bob.group!.applyCommit(message, bob.group!.epoch)).toEqual({
      ok: false,
      error: 'malformed',
    });
    expect(await bob.group!.receive(null as unknown as string)).toEqual({
      kind: 'error',
      error: 'malformed',
    });
    await update.discard();
    closeAll(members);
  });

  it('refuses a plaintext it cannot send', async () => {
    const { members } = await roomOf('alice');
    await expect(members[0]!.group!.encrypt(createTextMessage(''))).rejects.toBeInstanceOf(
      MessagePlaintextError,
    );
    closeAll(members);
  });
});

describe('applying commits', () => {
  it('refuses a commit for another epoch, or from another member than the server names', async () => {
    const { members } = await roomOf('alice', 'bob', 'carol');
    const [alice, bob, carol] = members as [TestMember, TestMember, TestMember];
    const update = await alice.group!.update();
    const { commit, epoch } = update.frame;
    expect(await bob.group!.applyCommit(commit, epoch + 1, alice.memberId)).toEqual({
      ok: false,
      error: 'wrong_epoch',
    });
    expect(await bob.group!.applyCommit(commit, epoch - 1, alice.memberId)).toEqual({
      ok: false,
      error: 'wrong_epoch',
    });
    expect(await bob.group!.applyCommit(commit, epoch, carol.memberId)).toEqual({
      ok: false,
      error: 'invalid',
    });
    expect(await bob.group!.applyCommit(commit, epoch, alice.memberId)).toEqual({
      ok: true,
      added: [],
      removed: [],
    });
    await update.adopt();
    expect(alice.group!.epochAuthenticator()).toEqual(bob.group!.epochAuthenticator());
    closeAll(members);
  });

  it('refuses a joiner whose credential names another connection than the frame’s `from`', async () => {
    const { room, members } = await roomOf('alice');
    const joiner = newMember('joiner');
    const join = await joinRoomGroup(room.params(joiner), room.groupInfo!, room.epoch);
    if (!join.ok) throw new Error(join.error);
    const { commit, epoch } = join.pending.frame;
    expect(await members[0]!.group!.applyCommit(commit, epoch, newMemberId())).toEqual({
      ok: false,
      error: 'invalid',
    });
    expect(await members[0]!.group!.applyCommit(commit, epoch, joiner.memberId)).toMatchObject({ ok: true });
    await join.pending.discard();
    closeAll(members);
  });
});

describe('pending commits', () => {
  it('one at a time; adopted or discarded once; stale after a discard', async () => {
    const { room, members } = await roomOf('alice', 'bob');
    const [alice, bob] = members as [TestMember, TestMember];
    const first = await alice.group!.update();
    await expect(alice.group!.update()).rejects.toMatchObject({ code: 'commit_pending' });
    await first.discard();
    await first.discard(); // a second discard does nothing
    await expect(first.adopt()).rejects.toMatchObject({ code: 'settled' });
    const second = await alice.group!.update();
    expect(await room.settle(alice, second)).toBe('committed');
    await expect(second.adopt()).rejects.toMatchObject({ code: 'settled' });
    await room.catchUp(bob);
    // Messages exchanged while a commit waits for the server stay readable after it is adopted.
    const third = await alice.group!.update();
    const during = await bob.group!.encrypt(createTextMessage('while alice waits'));
    expect(await alice.group!.receive(during)).toMatchObject({ kind: 'message' });
    const fromAlice = await alice.group!.encrypt(createTextMessage('alice, before her commit lands'));
    expect(await room.settle(alice, third)).toBe('committed');
    expect(await bob.group!.receive(fromAlice)).toMatchObject({ kind: 'message' });
    await room.catchUp(bob);
    expect(await bob.group!.receive(await alice.group!.encrypt(createTextMessage('after')))).toMatchObject({
      kind: 'message',
    });
    closeAll(members);
  });

  it('refuses leaves it cannot remove and knocks it cannot add', async () => {
    const { members } = await roomOf('alice', 'bob');
    const [alice, bob] = members as [TestMember, TestMember];
    const own = alice.group!.leafIndex;
    const other = bob.group!.leafIndex;
    for (const leaves of [[], [own], [other, other], [7], [-1]]) {
      await expect(alice.group!.removeLeaves(leaves)).rejects.toMatchObject({ code: 'bad_leaves' });
    }
    await expect(alice.group!.add([])).rejects.toMatchObject({ code: 'bad_knocks' });
    closeAll(members);
  });

  it('does nothing once the group is closed', async () => {
    const { members } = await roomOf('alice', 'bob');
    const [alice, bob] = members as [TestMember, TestMember];
    const pending = await alice.group!.update();
    const ct = await bob.group!.encrypt(createTextMessage('late'));
    alice.group!.close();
    alice.group!.close();
    expect(alice.group!.active).toBe(false);
    await expect(alice.group!.encrypt(createTextMessage('x'))).rejects.toBeInstanceOf(RoomGroupError);
    await expect(alice.group!.update()).rejects.toMatchObject({ code: 'closed' });
    await expect(pending.adopt()).rejects.toMatchObject({ code: 'closed' });
    expect(await alice.group!.receive(ct)).toEqual({ kind: 'error', error: 'closed' });
    expect(await alice.group!.applyCommit(pending.frame.commit, pending.frame.epoch)).toEqual({
      ok: false,
      error: 'closed',
    });
    expect(alice.group!.updateDueAt()).toBeUndefined();
    closeAll(members);
  });
});

describe('the Update schedule', () => {
  it('is due 10 minutes ± 20 % after the leaf was refreshed, once we have sent something', async () => {
    const { room, members } = await roomOf('alice', 'bob');
    const [alice] = members as [TestMember];
    expect(alice.group!.updateDueAt()).toBeUndefined();
    await alice.group!.encrypt(createTextMessage('activity'));
    const due = alice.group!.updateDueAt()!;
    expect(due - Date.now()).toBeGreaterThan(0.79 * 600_000);
    expect(due - Date.now()).toBeLessThanOrEqual(1.2 * 600_000);
    expect(await room.settle(alice, await alice.group!.update())).toBe('committed');
    expect(alice.group!.updateDueAt()).toBeUndefined(); // refreshed, nothing sent since
    closeAll(members);
  });
});
