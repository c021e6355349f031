/**
 * Approval rooms (docs/rooms-mls.md "Knock on an approval room"): knock → a member approves with
 * an Add → Welcome → the `secret` message carries S → the newcomer is a full member (it can commit,
 * and rejoin by itself). Knocks and Welcomes that are not for us, or were altered, are refused.
 */
import { describe, expect, it } from 'vitest';
import { newMember, roomOfMembers, type TestMember } from '../../tests/support/mls-orderer.ts';
import { generateLinkSecret } from '../crypto/room-secret.ts';
import { decodeB64u, encodeB64u } from '../encoding.ts';
import { createSecretMessage, createTextMessage } from './message-plaintext.ts';
import { fingerprintOf } from './room-identity.ts';
import { joinRoomGroup } from './room-join.ts';
import { createKnock } from './room-knock.ts';
import type { KnockRequest } from './room-receive.ts';

const approvalRoom = roomOfMembers;

/** The knock as a member receives it. */
async function receiveKnock(member: TestMember, ct: string): Promise<KnockRequest> {
  const received = await member.group!.receive(ct);
  if (received.kind !== 'knock') throw new Error(`not a knock: ${JSON.stringify(received)}`);
  return received.knock;
}

function flip(b64u: string, at: number): string {
  const bytes = decodeB64u(b64u)!;
  bytes[at % bytes.length]! ^= 0x01;
  return encodeB64u(bytes);
}

describe('knock → approve → Welcome → secret', () => {
  it('admits the knocker, which reads, learns S, commits and can rejoin by itself', async () => {
    const { room, members, secret } = await approvalRoom('alice', 'bob');
    const [alice, bob] = members as [TestMember, TestMember];
    const knocker = newMember('knocker');
    const { secret: _, ...params } = room.params(knocker);
    const knock = await createKnock(params);

    const request = await receiveKnock(alice, knock.ct);
    expect(request.memberId).toBe(knocker.memberId);
    expect(request.fingerprint).toBe(knock.fingerprint);
    expect(request.fingerprint).toBe(fingerprintOf(request.signaturePublicKey));

    const add = await alice.group!.add([request]);
    expect(await room.settle(alice, add)).toBe('committed');
    await room.catchUp(bob);
    const welcomed = await knock.acceptWelcome(add.welcome);
    if (!welcomed.ok) throw new Error(welcomed.error);
    knocker.group = welcomed.group;
    knocker.seen = room.log.length;
    expect(knocker.group.hasSecret).toBe(false);
    expect(knocker.group.epoch).toBe(room.epoch);
    expect(knocker.group.members().map((m) => m.memberId)).toEqual(
      alice.group!.members().map((m) => m.memberId),
    );
    // Without S the newcomer reads but cannot commit (it could not seal the GroupInfo).
    await expect(knocker.group.update()).rejects.toMatchObject({ code: 'no_secret' });
    expect(knocker.group.updateDueAt()).toBeUndefined();

    const secretCt = await alice.group!.encrypt(createSecretMessage(secret));
    expect(await knocker.group.receive(secretCt)).toMatchObject({
      kind: 'message',
      message: { kind: 'secret' },
      sender: { memberId: alice.memberId },
    });
    expect(await bob.group!.receive(secretCt)).toMatchObject({ kind: 'message' });
    expect(knocker.group.hasSecret).toBe(true);
    // Admitted by knock, its leaf came from a KeyPackage: an Update is due at once.
    expect(knocker.group.updateDueAt()).toBeLessThanOrEqual(Date.now());

    expect(await room.settle(knocker, await knocker.group.update())).toBe('committed');
    await room.catchUpAll([alice, bob]);
    const hello = await knocker.group.encrypt(createTextMessage('hello from the newcomer'));
    for (const m of [alice, bob]) {
      expect(await m.group!.receive(hello)).toMatchObject({
        kind: 'message',
        sender: { memberId: knocker.memberId },
      });
    }
    // After a reconnect it rejoins by external commit (it knows S now), with resync.
    knocker.group.close();
    const rejoined = await joinRoomGroup(
      { ...room.params(knocker), memberId: 'reconnected1' },
      room.groupInfo!,
      room.epoch,
    );
    expect(rejoined.ok).toBe(true);
    if (rejoined.ok) await rejoined.pending.discard();
    for (const m of members) m.group!.close();
  });

  it('lets one of two concurrent approvals win; the other member sees the newcomer and drops its own', async () => {
    const { room, members } = await approvalRoom('alice', 'bob');
    const [alice, bob] = members as [TestMember, TestMember];
    const knocker = newMember('knocker');
    const { secret: _, ...params } = room.params(knocker);
    const knock = await createKnock(params);
    const byAlice = await alice.group!.add([await receiveKnock(alice, knock.ct)]);
    const bobsRequest = await receiveKnock(bob, knock.ct);
    const byBob = await bob.group!.add([bobsRequest]);
    expect(await room.settle(alice, byAlice)).toBe('committed');
    expect(await room.settle(bob, byBob)).toBe('stale_epoch');
    await room.catchUp(bob);
    await expect(bob.group!.add([bobsRequest])).rejects.toMatchObject({ code: 'already_member' });
    // Bob's Welcome was never committed: it does not admit the knocker to the group that exists.
    const fromBob = await knock.acceptWelcome(byBob.welcome);
    if (fromBob.ok) {
      expect(fromBob.group.epochAuthenticator()).not.toEqual(alice.group!.epochAuthenticator());
      fromBob.group.close();
    }
    for (const m of members) m.group!.close();
  });
});

describe('refused knocks and Welcomes', () => {
  it('refuses a knock with any byte changed, and what is not a knock at all', async () => {
    const { room, members } = await approvalRoom('alice');
    const [alice] = members as [TestMember];
    const knocker = newMember('knocker');
    const { secret: _, ...params } = room.params(knocker);
    const knock = await createKnock(params);
    const length = decodeB64u(knock.ct)!.length;
    for (let at = 0; at < length; at += 3) {
      const received = await alice.group!.receive(flip(knock.ct, at));
      expect(received.kind, `byte ${at}`).not.toBe('knock');
    }
    expect(await alice.group!.receive(`${knock.ct}AA`)).toEqual({ kind: 'error', error: 'malformed' });
    expect(await alice.group!.receive(knock.ct)).toMatchObject({ kind: 'knock' }); // the original still works
    alice.group!.close();
  });

  it('refuses a Welcome meant for another knocker, an altered Welcome, and garbage', async () => {
    const { room, members } = await approvalRoom('alice');
    const [alice] = members as [TestMember];
    const [k1, k2] = [newMember('k1'), newMember('k2')];
    const { secret: _a, ...p1 } = room.params(k1);
    const { secret: _b, ...p2 } = room.params(k2);
    const [knock1, knock2] = [await createKnock(p1), await createKnock(p2)];
    const add = await alice.group!.add([await receiveKnock(alice, knock1.ct)]);
    expect(await room.settle(alice, add)).toBe('committed');
    expect(await knock2.acceptWelcome(add.welcome)).toEqual({ ok: false, error: 'not_for_us' });
    const length = decodeB64u(add.welcome)!.length;
    for (const at of [10, 40, 100, Math.floor(length / 2), length - 20, length - 1]) {
      const result = await knock1.acceptWelcome(flip(add.welcome, at));
      expect(result.ok, `byte ${at}`).toBe(false);
    }
    expect(await knock1.acceptWelcome('not b64u!')).toEqual({ ok: false, error: 'malformed' });
    expect(await knock1.acceptWelcome(knock1.ct)).toEqual({ ok: false, error: 'malformed' });
    const good = await knock1.acceptWelcome(add.welcome);
    expect(good.ok).toBe(true);
    if (good.ok) good.group.close();
    // A knock is consumed by its Welcome, and a closed knock accepts nothing.
    expect(await knock1.acceptWelcome(add.welcome)).toEqual({ ok: false, error: 'closed' });
    knock2.close();
    expect(await knock2.acceptWelcome(add.welcome)).toEqual({ ok: false, error: 'closed' });
    alice.group!.close();
  });

  it('refuses a `secret` message whose S is not this room’s', async () => {
    const { room, members } = await approvalRoom('alice');
    const [alice] = members as [TestMember];
    const knocker = newMember('knocker');
    const { secret: _, ...params } = room.params(knocker);
    const knock = await createKnock(params);
    const add = await alice.group!.add([await receiveKnock(alice, knock.ct)]);
    expect(await room.settle(alice, add)).toBe('committed');
    const welcomed = await knock.acceptWelcome(add.welcome);
    if (!welcomed.ok) throw new Error(welcomed.error);
    const wrong = await alice.group!.encrypt(createSecretMessage(generateLinkSecret()));
    expect(await welcomed.group.receive(wrong)).toEqual({ kind: 'error', error: 'invalid_secret' });
    expect(welcomed.group.hasSecret).toBe(false);
    welcomed.group.close();
    alice.group!.close();
  });
});
