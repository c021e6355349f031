import { describe, expect, it } from 'vitest';
import { broadcast, newMember, TestOrderer } from '../../tests/support/mls-orderer.ts';
import { deriveEd25519PublicKey } from '../crypto/ed25519-signing.ts';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { deriveRoomId, generateLinkSecret } from '../crypto/room-secret.ts';
import { createTextMessage } from './message-plaintext.ts';
import { forgetSigningKey, getDefaultMlsCrypto, getMlsCrypto } from './mls-crypto.ts';

describe('our MLS crypto provider', () => {
  it('computes what ts-mls’s default provider computes', async () => {
    const ours = (await getMlsCrypto()).impl;
    const theirs = (await getDefaultMlsCrypto()).impl;
    for (const length of [0, 1, 32, 1000]) {
      const data = generateRandomBytes(length);
      const key = generateRandomBytes(32);
      expect(await ours.hash.digest(data)).toEqual(await theirs.hash.digest(data));
      const mac = await ours.hash.mac(key, data);
      expect(mac).toEqual(await theirs.hash.mac(key, data));
      expect(await ours.hash.verifyMac(key, mac, data)).toBe(true);
      expect(await theirs.hash.verifyMac(key, mac, data)).toBe(true);
      const prk = await ours.kdf.extract(key, data);
      expect(prk).toEqual(await theirs.kdf.extract(key, data));
      expect(await ours.kdf.expand(prk, data, 77)).toEqual(await theirs.kdf.expand(prk, data, 77));
    }
    expect(ours.kdf.size).toBe(theirs.kdf.size);
  });

  it('signs byte for byte as the default provider (Ed25519 is deterministic) and verifies its signatures', async () => {
    const ours = (await getMlsCrypto()).impl.signature;
    const theirs = (await getDefaultMlsCrypto()).impl.signature;
    const seed = generateRandomBytes(32);
    const publicKey = deriveEd25519PublicKey(seed);
    const message = generateRandomBytes(100);
    const signature = await ours.sign(seed, message);
    expect(signature).toEqual(await theirs.sign(seed.slice(), message));
    expect(await theirs.verify(publicKey, message, signature)).toBe(true);
    // The default provider's own keys are PKCS#8; ours signs with them too.
    const pair = await theirs.keygen();
    const theirSignature = await theirs.sign(pair.signKey, message);
    expect(await ours.sign(pair.signKey, message)).toEqual(theirSignature);
    expect(await ours.verify(pair.publicKey, message, theirSignature)).toBe(true);
    const forged = theirSignature.slice();
    forged[5]! ^= 1;
    expect(await ours.verify(pair.publicKey, message, forged)).toBe(false);
    expect(await ours.verify(new Uint8Array(32).fill(0xff), message, theirSignature)).toBe(false);
    expect(await ours.verify(pair.publicKey.subarray(1), message, theirSignature)).toBe(false);
    const ourPair = await ours.keygen();
    expect(ourPair.publicKey).toEqual(deriveEd25519PublicKey(ourPair.signKey));
  });

  it('caches a signing key by its array, and forgets it before the array is reused', async () => {
    const ours = (await getMlsCrypto()).impl.signature;
    const message = generateRandomBytes(16);
    const key = generateRandomBytes(32);
    const first = await ours.sign(key, message);
    expect(await ours.sign(key, message)).toEqual(first);
    forgetSigningKey(key);
    const other = generateRandomBytes(32);
    key.set(other);
    // A cache keyed by a copy of the old bytes would still sign with them here.
    expect(await ours.sign(key, message)).toEqual(await ours.sign(other, message));
    expect(await ours.verify(deriveEd25519PublicKey(other), message, await ours.sign(key, message))).toBe(
      true,
    );
  });

  it('runs one group whose members use either provider', async () => {
    const secret = generateLinkSecret();
    const room = new TestOrderer(deriveRoomId(secret), secret);
    const ours = await getMlsCrypto();
    const theirs = await getDefaultMlsCrypto();
    const members = [
      newMember('a', ours),
      newMember('b', theirs),
      newMember('c', ours),
      newMember('d', theirs),
    ];
    await room.create(members[0]!);
    for (const member of members.slice(1)) {
      await room.join(member);
      await room.catchUpAll(members);
    }
    // Commits made on each provider, applied on the other.
    for (const committer of [members[1]!, members[2]!]) {
      expect(await room.settle(committer, await committer.group!.update())).toBe('committed');
      await room.catchUpAll(members);
    }
    const authenticators = members.map((m) => m.group!.epochAuthenticator());
    for (const a of authenticators) expect(a).toEqual(authenticators[0]);
    for (const sender of members) {
      const others = members.filter((m) => m !== sender);
      const received = await broadcast(sender, others, createTextMessage(`from ${sender.name}`));
      for (const r of received)
        expect(r).toMatchObject({ kind: 'message', sender: { memberId: sender.memberId } });
    }
    for (const m of members) m.group!.close();
  });
});
