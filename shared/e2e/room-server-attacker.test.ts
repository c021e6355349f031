/**
 * What the server cannot do (issue #11, DESIGN.md "Rooms … version 2"): holding everything it
 * holds (every sealed GroupInfo, the handle, the join key's public half, every handshake key and
 * every relayed frame, but not S), it cannot open a GroupInfo, cannot make a commit members
 * accept, and cannot read a message. And the handshake authorization it runs: a commit is accepted
 * only under the current handshake key or the join key.
 */
import { describe, expect, it } from 'vitest';
import { newMember, type TestMember, TestOrderer } from '../../tests/support/mls-orderer.ts';
import { deriveEd25519PublicKey } from '../crypto/ed25519-signing.ts';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { deriveRoomId, generateLinkSecret } from '../crypto/room-secret.ts';
import { sha256 } from '../crypto/sha256-kdf.ts';
import { decodeB64u, encodeB64u, encodeUtf8 } from '../encoding.ts';
import { type CommitAuthFields, signCommitAuth, verifyCommitAuth } from './commit-auth.ts';
import { openGroupInfo } from './group-info-seal.ts';
import { createTextMessage } from './message-plaintext.ts';
import { getMlsCrypto } from './mls-crypto.ts';
import type { CommitFrameFields } from './room-commit-frame.ts';
import { RoomGroup } from './room-group.ts';
import { createRoomGroup, joinRoomGroup } from './room-join.ts';
import { deriveHandshakeKey, deriveJoinKey } from './room-secrets.ts';

/** The server's view of a room: what it stores and what it relays. */
interface ServerView {
  groupInfos: string[];
  commits: { epoch: number; commit: string; from: string }[];
  messages: string[];
}

async function observedRoom() {
  const secret = generateLinkSecret();
  const room = new TestOrderer(deriveRoomId(secret), secret);
  const members = ['alice', 'bob', 'carol'].map((name) => newMember(name));
  const view: ServerView = { groupInfos: [], commits: room.log, messages: [] };
  await room.create(members[0]!);
  view.groupInfos.push(room.groupInfo!);
  for (const member of members.slice(1)) {
    await room.join(member);
    await room.catchUpAll(members);
    view.groupInfos.push(room.groupInfo!);
  }
  const [alice, bob] = members as [TestMember, TestMember];
  expect(await room.settle(bob, await bob.group!.update())).toBe('committed');
  await room.catchUpAll(members);
  view.groupInfos.push(room.groupInfo!);
  for (const sender of members)
    view.messages.push(await sender.group!.encrypt(createTextMessage('secret talk')));
  return { room, members, view, secret, alice, bob };
}

function fieldsOf(handle: string, frame: CommitFrameFields): CommitAuthFields {
  return {
    handle,
    epoch: frame.epoch,
    commit: decodeB64u(frame.commit)!,
    groupInfo: decodeB64u(frame.groupInfo)!,
    nextKey: decodeB64u(frame.nextKey)!,
  };
}

describe('a server-side attacker without S', () => {
  it('cannot open any GroupInfo it stores, nor join with a guessed secret', async () => {
    const { room, members, view } = await observedRoom();
    const guesses = [
      generateLinkSecret(),
      // What the interim paid S was before invitations carried one: derived from the handle alone.
      sha256(encodeUtf8(`anoghost/paid-room-interim/v2${room.handle}`)),
      decodeB64u(room.handle)!, // the roomId itself
      room.joinKey!, // the join key's public half
    ];
    for (const sealed of view.groupInfos) {
      for (const guess of guesses) {
        expect(openGroupInfo(guess, room.handle, decodeB64u(sealed)!)).toBeUndefined();
        const attempt = await joinRoomGroup(
          { ...room.params(newMember('server')), secret: guess },
          sealed,
          room.epoch,
        );
        expect(attempt).toEqual({ ok: false, error: 'unreadable' });
      }
    }
    for (const m of members) m.group!.close();
  });

  it('cannot make a commit members accept: replays, relabelled epochs, altered bytes, its own group', async () => {
    const { room, members, view, alice } = await observedRoom();
    const [, bob, carol] = members as [TestMember, TestMember, TestMember];
    const epoch = room.epoch;
    for (const relayed of view.commits) {
      for (const frameEpoch of [relayed.epoch, epoch]) {
        for (const member of [alice, carol]) {
          const outcome = await RoomGroup.cloneForTests(member.group!).applyCommit(
            relayed.commit,
            frameEpoch,
            relayed.from,
          );
          expect(outcome.ok, `epoch ${relayed.epoch} replayed as ${frameEpoch}`).toBe(false);
        }
      }
    }
    // A real commit of this epoch, altered anywhere, is refused; unaltered it applies.
    const pending = await bob.group!.update();
    const bytes = decodeB64u(pending.frame.commit)!;
    for (let at = 0; at < bytes.length; at += Math.max(1, Math.floor(bytes.length / 60))) {
      const altered = bytes.slice();
      altered[at]! ^= 0x01;
      const outcome = await RoomGroup.cloneForTests(alice.group!).applyCommit(
        encodeB64u(altered),
        epoch,
        bob.memberId,
      );
      expect(outcome.ok, `byte ${at}`).toBe(false);
    }
    expect(
      await RoomGroup.cloneForTests(alice.group!).applyCommit(pending.frame.commit, epoch, bob.memberId),
    ).toMatchObject({
      ok: true,
    });
    await pending.discard();
    // Its own group under a secret of its own: an external commit into that is nothing to ours.
    const fake = new TestOrderer(room.handle, generateLinkSecret());
    await fake.create(newMember('server'));
    const intruder = newMember('intruder');
    await fake.join(intruder);
    const forged = fake.log.at(-1)!;
    expect(await alice.group!.applyCommit(forged.commit, epoch, forged.from)).toEqual({
      ok: false,
      error: 'invalid',
    });
    const forgedMessage = await intruder.group!.encrypt(createTextMessage('from the server'));
    expect(await alice.group!.receive(forgedMessage)).toEqual({ kind: 'error', error: 'wrong_group' });
    for (const m of [...members, intruder]) m.group!.close();
  });

  it('cannot read a message: nothing it holds opens one', async () => {
    const { room, members, view } = await observedRoom();
    const fake = new TestOrderer(room.handle, generateLinkSecret());
    const server = newMember('server');
    await fake.create(server);
    for (const ct of view.messages) {
      expect(await server.group!.receive(ct)).toEqual({ kind: 'error', error: 'wrong_group' });
      // The ciphertext does not carry the plaintext in any form the server could pick out.
      expect(new TextDecoder().decode(decodeB64u(ct)!)).not.toContain('secret talk');
    }
    for (const m of [...members, server]) m.group!.close();
  });
});

describe('handshake authorization (what the server checks)', () => {
  it('signs the epoch-0 frame with the join key, joins with the join key, members with the handshake key', async () => {
    const secret = generateLinkSecret();
    const room = new TestOrderer(deriveRoomId(secret), secret);
    const alice = newMember('alice');
    const { group, frame } = await createRoomGroup(room.params(alice));
    const joinKey = deriveJoinKey(secret, room.handle).publicKey;
    expect(frame).toMatchObject({ epoch: 0, commit: null, joinKey: encodeB64u(joinKey) });
    const genesisFields = { ...fieldsOf(room.handle, { ...frame, commit: '' }), commit: null };
    expect(await verifyCommitAuth(genesisFields, decodeB64u(frame.auth)!, joinKey)).toBe(true);
    const stateAt0 = RoomGroup.copyStateForTests(group);
    const handshake0 = await deriveHandshakeKey(
      stateAt0.keySchedule.exporterSecret,
      room.handle,
      await getMlsCrypto(),
    );
    expect(frame.nextKey).toBe(encodeB64u(handshake0.publicKey));
    expect(await room.submit(alice.memberId, frame)).toBe('committed');
    alice.group = group;
    expect(group.epoch).toBe(room.epoch);

    const bob = newMember('bob');
    const join = await joinRoomGroup(room.params(bob), room.groupInfo!, room.epoch);
    if (!join.ok) throw new Error(join.error);
    const joinFields = fieldsOf(room.handle, join.pending.frame);
    expect(await verifyCommitAuth(joinFields, decodeB64u(join.pending.frame.auth)!, joinKey)).toBe(true);
    expect(await verifyCommitAuth(joinFields, decodeB64u(join.pending.frame.auth)!, room.handshakeKey!)).toBe(
      false,
    );
    expect(await room.submit(bob.memberId, join.pending.frame)).toBe('committed');
    bob.group = await join.pending.adopt();
    bob.seen = room.log.length;
    await room.catchUp(alice);
    expect([alice.group.epoch, bob.group.epoch]).toEqual([room.epoch, room.epoch]);

    const update = await alice.group.update();
    const fields = fieldsOf(room.handle, update.frame);
    expect(await verifyCommitAuth(fields, decodeB64u(update.frame.auth)!, room.handshakeKey!)).toBe(true);
    expect(await verifyCommitAuth(fields, decodeB64u(update.frame.auth)!, joinKey)).toBe(false);
    await update.discard();
    alice.group.close();
    bob.group.close();
  });

  it('refuses a commit signed by any other key, by an old handshake key, unsigned, or replayed', async () => {
    const { room, members, alice } = await observedRoom();
    const oldHandshake = await deriveHandshakeKey(
      RoomGroup.copyStateForTests(alice.group!).keySchedule.exporterSecret,
      room.handle,
      await getMlsCrypto(),
    );
    expect(await room.settle(alice, await alice.group!.update())).toBe('committed');
    await room.catchUpAll(members);
    const pending = await alice.group!.update();
    const fields = fieldsOf(room.handle, pending.frame);
    const randomSeed = generateRandomBytes(32);
    const forgeries = [
      await signCommitAuth(fields, randomSeed),
      await signCommitAuth(fields, oldHandshake.seed),
      new Uint8Array(64),
      decodeB64u(room.log[0]!.commit)!.subarray(0, 64), // bytes of another frame
    ];
    for (const auth of forgeries) {
      expect(await room.submit(alice.memberId, { ...pending.frame, auth: encodeB64u(auth) })).toBe(
        'forbidden',
      );
    }
    // The same signature over another epoch, or with another nextKey, is refused too.
    const otherKey = encodeB64u(deriveEd25519PublicKey(randomSeed));
    expect(await room.submit(alice.memberId, { ...pending.frame, nextKey: otherKey })).toBe('forbidden');
    expect(await room.settle(alice, pending)).toBe('committed');
    for (const m of members) m.group!.close();
  });
});
