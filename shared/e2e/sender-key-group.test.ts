import { describe, expect, it } from 'vitest';
import { NOBLE_ED25519 } from '../crypto/ed25519-signing.ts';
import { deriveRoomId, generateLinkSecret } from '../crypto/room-secret.ts';
import { decodeB64u, encodeB64u } from '../encoding.ts';
import { MAX_CT_CHARS } from '../protocol/limits.ts';
import { createMemberBundle } from './member-bundle.ts';
import { createTextMessage, createUnsendMessage } from './message-plaintext.ts';
import {
  createSenderKeyGroup,
  type SenderKeyGroup,
  SenderKeyGroupError,
  type SignalOut,
} from './sender-key-group.ts';

/** A hand-wired room: joins, leaves and signals delivered in the order the server would. */
class TestRoom {
  readonly members = new Map<string, { group: SenderKeyGroup; bundle: string }>();
  clock = 1_000_000;
  readonly secret = generateLinkSecret();
  readonly room = deriveRoomId(this.secret);

  join(id: string, options: { noble?: boolean } = {}): SenderKeyGroup {
    const { keys, bundle } = createMemberBundle(this.secret);
    const group = createSenderKeyGroup({
      room: this.room,
      memberId: id,
      keys,
      linkSecret: this.secret,
      now: () => this.clock,
      ...(options.noble ? { ed25519: NOBLE_ED25519 } : {}),
    });
    const existing = [...this.members].map(([member, m]) => ({ member, bundle: m.bundle }));
    const own = group.addMembers(existing);
    expect(own.results.every((r) => r.accepted)).toBe(true);
    const queued: [string, SignalOut[]][] = [];
    for (const [member, m] of this.members) {
      const { result, signals } = m.group.addMember(id, bundle);
      expect(result.accepted).toBe(true);
      queued.push([member, signals]);
    }
    this.members.set(id, { group, bundle });
    queued.push([id, own.signals]);
    for (const [from, signals] of queued) this.deliver(from, signals);
    return group;
  }

  leave(id: string): void {
    this.members.get(id)!.group.close();
    this.members.delete(id);
    for (const [member, m] of this.members) this.deliver(member, m.group.removeMember(id).signals);
  }

  deliver(from: string, signals: SignalOut[]): void {
    for (const { to, ct } of signals)
      expect(this.members.get(to)!.group.handleSignal(from, ct)).toEqual({ ok: true });
  }
}

function flipBit(ct: string, at: number): string {
  const bytes = decodeB64u(ct)!;
  const index = at < 0 ? bytes.length + at : at;
  bytes[index]! ^= 1;
  return encodeB64u(bytes);
}

describe('group group', () => {
  it('members read each other; safety codes agree and change on join', async () => {
    const room = new TestRoom();
    const alice = room.join('alice');
    const bob = room.join('bob');
    const codeOfTwo = alice.safetyCode();
    expect(bob.safetyCode()).toBe(codeOfTwo);
    const carol = room.join('carol', { noble: true });
    expect(alice.safetyCode()).not.toBe(codeOfTwo);
    expect(new Set([alice, bob, carol].map((s) => s.safetyCode())).size).toBe(1);

    for (const [sender, group] of [
      ['alice', alice],
      ['bob', bob],
      ['carol', carol],
    ] as const) {
      const message = createTextMessage(`hi from ${sender}`, { ttl: 30 });
      const ct = await group.encrypt(message);
      for (const [id, m] of room.members) {
        if (id === sender) continue;
        expect(await m.group.decrypt(sender, ct)).toMatchObject({ ok: true, message });
      }
    }
    const unsend = createUnsendMessage(createTextMessage('x').id);
    expect(await bob.decrypt('alice', await alice.encrypt(unsend))).toMatchObject({
      ok: true,
      message: unsend,
    });
  });

  it('a leaver cannot read what follows; a newcomer cannot read what came before', async () => {
    const room = new TestRoom();
    const alice = room.join('alice');
    const bob = room.join('bob');
    const dave = room.join('dave');
    const before = await alice.encrypt(createTextMessage('before'));
    expect((await dave.decrypt('alice', before)).ok).toBe(true);

    room.leave('dave'); // closes dave's group; the next test keeps a removed member listening
    const afterLeave = await alice.encrypt(createTextMessage('after dave left'));
    expect((await bob.decrypt('alice', afterLeave)).ok).toBe(true);
    const eve = room.join('eve');
    expect(await eve.decrypt('alice', before)).toEqual({ ok: false, error: 'unknown_chain' });
    expect(await eve.decrypt('alice', afterLeave)).toEqual({ ok: false, error: 'unknown_chain' });
    expect((await eve.decrypt('alice', await alice.encrypt(createTextMessage('hi eve')))).ok).toBe(true);
  });

  it('a member removed (but still listening) gets no new chain', async () => {
    const room = new TestRoom();
    const alice = room.join('alice');
    const bob = room.join('bob');
    const mallory = room.join('mallory');
    // mallory's group stays open: the server keeps relaying to her, but the others drop her.
    room.members.delete('mallory');
    for (const [member, m] of room.members) room.deliver(member, m.group.removeMember('mallory').signals);
    const secret = await alice.encrypt(createTextMessage('mallory is gone'));
    expect((await bob.decrypt('alice', secret)).ok).toBe(true);
    expect(await mallory.decrypt('alice', secret)).toEqual({ ok: false, error: 'unknown_chain' });
  });

  it('keeps a replaced chain for the grace period only', async () => {
    const room = new TestRoom();
    const alice = room.join('alice');
    const bob = room.join('bob');
    const inFlight = await alice.encrypt(createTextMessage('sent just before carol joined'));
    const late = await alice.encrypt(createTextMessage('delivered after the grace'));
    room.join('carol');
    expect((await bob.decrypt('alice', inFlight)).ok).toBe(true);
    room.clock += 30_001;
    expect(await bob.decrypt('alice', late)).toEqual({ ok: false, error: 'expired_chain' });
  });

  it('handles out-of-order delivery and rejects replays', async () => {
    const room = new TestRoom();
    const alice = room.join('alice');
    const bob = room.join('bob');
    const cts: string[] = [];
    for (let i = 0; i < 5; i++) cts.push(await alice.encrypt(createTextMessage(`m${i}`)));
    const results = await Promise.all([4, 1, 3, 0, 2].map((i) => bob.decrypt('alice', cts[i]!)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await bob.decrypt('alice', cts[2]!)).toEqual({ ok: false, error: 'replay' });
    const twice = await alice.encrypt(createTextMessage('once'));
    const both = await Promise.all([bob.decrypt('alice', twice), bob.decrypt('alice', twice)]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toEqual({ ok: false, error: 'replay' });
  });

  it('rejects tampered messages before decrypting, and messages under another name', async () => {
    const room = new TestRoom();
    const alice = room.join('alice');
    const bob = room.join('bob');
    room.join('carol');
    const ct = await alice.encrypt(createTextMessage('untouched'));
    expect(await bob.decrypt('alice', flipBit(ct, 0))).toEqual({ ok: false, error: 'malformed' }); // version
    expect(await bob.decrypt('alice', flipBit(ct, 4))).toEqual({ ok: false, error: 'unknown_chain' }); // chain id
    for (const at of [8, 9, 40, -65, -64, -1]) {
      // index, nonce, ciphertext, tag, signature
      expect(await bob.decrypt('alice', flipBit(ct, at)), `byte ${at}`).toEqual({
        ok: false,
        error: 'bad_signature',
      });
    }
    expect(await bob.decrypt('carol', ct)).toEqual({ ok: false, error: 'unknown_chain' });
    expect(await bob.decrypt('nobody', ct)).toEqual({ ok: false, error: 'unknown_member' });
    expect(await bob.decrypt('alice', 'AAAA')).toEqual({ ok: false, error: 'malformed' });
    expect(await bob.decrypt('alice', 'A'.repeat(MAX_CT_CHARS + 4))).toEqual({
      ok: false,
      error: 'malformed',
    });
    expect((await bob.decrypt('alice', ct)).ok).toBe(true); // nothing above burned the key
  });

  it('ignores bundles without a valid proof in a free room', () => {
    const room = new TestRoom();
    const alice = room.join('alice');
    const paidStyle = createMemberBundle().bundle;
    const otherRoom = createMemberBundle(generateLinkSecret()).bundle;
    expect(alice.addMember('server-ghost', paidStyle)).toEqual({
      result: { member: 'server-ghost', accepted: false, reason: 'missing_proof' },
      signals: [],
    });
    expect(alice.addMember('stranger', otherRoom).result).toMatchObject({
      accepted: false,
      reason: 'bad_proof',
    });
    expect(alice.memberIds()).toEqual([]);
    expect(alice.handleSignal('server-ghost', 'AAAA')).toEqual({ ok: false, error: 'unknown_member' });
    expect(alice.addMember('alice', room.members.get('alice')!.bundle).result).toMatchObject({
      reason: 'is_self',
    });
  });

  it('rejects duplicate members and replayed bundles', () => {
    const room = new TestRoom();
    const alice = room.join('alice');
    room.join('bob');
    const bobBundle = room.members.get('bob')!.bundle;
    expect(alice.addMember('bob', bobBundle).result).toMatchObject({ reason: 'duplicate_member' });
    expect(alice.addMember('bob-again', bobBundle).result).toMatchObject({ reason: 'duplicate_keys' });
  });

  it('rejects tampered, misdirected and replayed signals', () => {
    const room = new TestRoom();
    const alice = room.join('alice');
    const bob = room.join('bob');
    const carol = room.join('carol');
    expect(alice.removeMember('nobody')).toEqual({ signals: [] });
    // A join makes alice rekey: fresh signals for bob, carol and dave.
    const fresh = alice.addMember('dave', createMemberBundle(room.secret).bundle).signals;
    const toBob = fresh.find((s) => s.to === 'bob')!.ct;
    for (const at of [0, 1, 30, -1])
      expect(bob.handleSignal('alice', flipBit(toBob, at))).toMatchObject({ ok: false });
    expect(bob.handleSignal('alice', flipBit(toBob, 10))).toEqual({ ok: false, error: 'bad_seal' });
    expect(carol.handleSignal('alice', toBob)).toMatchObject({ ok: false }); // sealed for bob, not carol
    expect(bob.handleSignal('alice', 'not b64u!')).toEqual({ ok: false, error: 'malformed' });
    expect(bob.handleSignal('alice', toBob)).toEqual({ ok: true });
    expect(bob.handleSignal('alice', toBob)).toEqual({ ok: false, error: 'replay' });
  });

  it('works in a paid room (no link secret) and checks the room handle in a free room', async () => {
    const a = createMemberBundle();
    const b = createMemberBundle();
    const alice = createSenderKeyGroup({ room: 'paid-handle', memberId: 'a', keys: a.keys });
    const bob = createSenderKeyGroup({ room: 'paid-handle', memberId: 'b', keys: b.keys });
    const sa = alice.addMember('b', b.bundle).signals;
    const sb = bob.addMember('a', a.bundle).signals;
    expect(bob.handleSignal('a', sa[0]!.ct)).toEqual({ ok: true });
    expect(alice.handleSignal('b', sb[0]!.ct)).toEqual({ ok: true });
    expect(alice.safetyCode()).toBe(bob.safetyCode());
    expect(await bob.decrypt('a', await alice.encrypt(createTextMessage('paid')))).toMatchObject({
      ok: true,
    });
    // The same signal in another room handle does not open (the seal binds the room).
    const c = createMemberBundle();
    const elsewhere = createSenderKeyGroup({ room: 'other-handle', memberId: 'b', keys: c.keys });
    elsewhere.addMember('a', a.bundle);
    expect(elsewhere.handleSignal('a', sa[0]!.ct)).toEqual({ ok: false, error: 'bad_seal' });

    const secret = generateLinkSecret();
    expect(() =>
      createSenderKeyGroup({ room: 'wrong', memberId: 'x', keys: c.keys, linkSecret: secret }),
    ).toThrow(SenderKeyGroupError);
  });

  it('keeps the largest message under MAX_CT_CHARS and wipes keys on close', async () => {
    const room = new TestRoom();
    const alice = room.join('alice');
    const bob = room.join('bob');
    const big = await alice.encrypt(createTextMessage('x'.repeat(32_600)));
    expect(big.length).toBeLessThanOrEqual(MAX_CT_CHARS);
    expect((await bob.decrypt('alice', big)).ok).toBe(true);
    const { keys } = createMemberBundle();
    const group = createSenderKeyGroup({ room: 'r', memberId: 'z', keys });
    group.close();
    expect(keys.agreementSecret.every((b) => b === 0)).toBe(true);
    expect(keys.signingSeed.every((b) => b === 0)).toBe(true);
    await expect(group.encrypt(createTextMessage('late'))).rejects.toThrow(SenderKeyGroupError);
  });
});
