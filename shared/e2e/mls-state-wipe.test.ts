import type { ClientState } from 'ts-mls';
import { describe, expect, it } from 'vitest';
import { newMember, type TestMember, TestOrderer } from '../../tests/support/mls-orderer.ts';
import { deriveRoomId, generateLinkSecret } from '../crypto/room-secret.ts';
import { createTextMessage } from './message-plaintext.ts';
import { wipeConsumed, wipeRetiredStates } from './mls-state-wipe.ts';
import { RoomGroup } from './room-group.ts';

const isZero = (a: Uint8Array) => a.every((b) => b === 0);
/** A stand-in with the shapes the walker follows: objects, arrays, maps, views of one buffer. */
const fake = (value: object) => value as unknown as ClientState;

describe('wiping retired MLS state', () => {
  it('zeroes consumed secrets', () => {
    const a = new Uint8Array(8).fill(1);
    const b = new Uint8Array(4).fill(2);
    wipeConsumed([a, b]);
    expect(isZero(a) && isZero(b)).toBe(true);
  });

  it('zeroes what only the retired states reach, by object and by overlapping bytes', () => {
    const shared = new Uint8Array(8).fill(1);
    const retiredOnly = new Uint8Array(8).fill(2);
    const buffer = new Uint8Array(32).fill(3);
    const liveView = buffer.subarray(0, 16);
    const overlapping = buffer.subarray(8, 24); // overlaps the live view: kept
    const separate = buffer.subarray(24, 32); // same buffer, bytes nobody live reaches: zeroed
    const cryptoKeyLike = Object.create({ kind: 'key' }) as { inner: Uint8Array };
    cryptoKeyLike.inner = new Uint8Array(4).fill(5); // behind a non-plain object: not walked
    const config = { clientConfig: { secret: new Uint8Array(4).fill(6) } };
    const retired = fake({
      a: shared,
      b: [retiredOnly, new Map([[1n, { c: overlapping, d: separate }]])],
      e: cryptoKeyLike,
      ...config,
    });
    const live = fake({ a: shared, v: liveView });
    wipeRetiredStates([retired], live);
    expect(shared.every((x) => x === 1)).toBe(true);
    expect(isZero(retiredOnly)).toBe(true);
    expect(overlapping.every((x) => x === 3)).toBe(true);
    expect(isZero(separate)).toBe(true);
    expect(cryptoKeyLike.inner.every((x) => x === 5)).toBe(true);
    expect(config.clientConfig.secret.every((x) => x === 6)).toBe(true);
    // Without a live state, everything reachable goes (close()).
    wipeRetiredStates([live]);
    expect(isZero(shared) && isZero(liveView)).toBe(true);
  });

  it('zeroes the old epoch’s exporter secret on a real commit, and the group keeps working', async () => {
    const secret = generateLinkSecret();
    const room = new TestOrderer(deriveRoomId(secret), secret);
    const members = [newMember('alice'), newMember('bob')];
    await room.create(members[0]!);
    await room.join(members[1]!);
    await room.catchUp(members[0]!);
    const [alice, bob] = members as [TestMember, TestMember];
    // Two independent copies of alice's state, one to retire and one to keep as the reference.
    const old = RoomGroup.copyStateForTests(alice.group!);
    const exporter = old.keySchedule.exporterSecret;
    const exporterBefore = exporter.slice();
    expect(isZero(exporterBefore)).toBe(false);
    expect(await room.settle(alice, await alice.group!.update())).toBe('committed');
    const next = RoomGroup.copyStateForTests(alice.group!);
    wipeRetiredStates([old], next);
    expect(isZero(exporter)).toBe(true);
    expect(isZero(old.keySchedule.initSecret)).toBe(true);
    expect(isZero(next.keySchedule.exporterSecret)).toBe(false);
    await room.catchUp(bob);
    const ct = await alice.group!.encrypt(createTextMessage('still fine'));
    expect(await bob.group!.receive(ct)).toMatchObject({ kind: 'message' });
    for (const m of members) m.group!.close();
  });
});
