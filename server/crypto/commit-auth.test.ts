import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeHex } from '../../shared/encoding.ts';
import { commitAuthMessage, verifyCommitAuth, verifyCommitAuthSync } from './commit-auth.ts';
import { importEd25519PublicKey } from './ed25519-verify.ts';

const HANDLE = 'r'.repeat(43);
const GROUP_INFO = new TextEncoder().encode('gi');
const NEXT_KEY = new Uint8Array(32).fill(7);

function newKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
  return { raw, sign: (m: Uint8Array) => new Uint8Array(sign(null, m, privateKey)) };
}

describe('commit auth (PROTOCOL.md §3)', () => {
  it('signs exactly PROTOCOL.md bytes (vector computed with Python hashlib)', () => {
    const message = commitAuthMessage(HANDLE, 5, Uint8Array.from([1, 2, 3]), GROUP_INFO, NEXT_KEY);
    expect(encodeHex(message)).toBe(
      `616e6f67686f73742f636f6d6d69742f76320a${'72'.repeat(43)}0a350a` +
        '039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81' +
        '1917d730c88ed0f6fd76487c7aeaf58635effb03dfd688d74d423fbcbd510b5a' +
        '07'.repeat(32),
    );
  });

  it('hashes an absent commit as empty bytes', () => {
    const message = commitAuthMessage(HANDLE, 0, null, GROUP_INFO, NEXT_KEY);
    expect(message.subarray(-96, -64)).toEqual(
      commitAuthMessage(HANDLE, 0, new Uint8Array(0), GROUP_INFO, NEXT_KEY).subarray(-96, -64),
    );
    expect(encodeHex(createHash('sha256').update(message).digest())).toBe(
      '324cb676e5991aab9f7352c4bb741a477ea4c746a90c8d1703e0e793016f7c8f',
    );
  });

  it('verifies under either key, sync and async, and nothing else', async () => {
    const handshake = newKey();
    const join = newKey();
    const stranger = newKey();
    const message = commitAuthMessage(HANDLE, 3, Uint8Array.from([9]), GROUP_INFO, NEXT_KEY);
    const imported = [importEd25519PublicKey(handshake.raw), importEd25519PublicKey(join.raw)];
    for (const signer of [handshake, join]) {
      const auth = signer.sign(message);
      expect(verifyCommitAuthSync(message, auth, imported)).toBe(true);
      expect(await verifyCommitAuth(message, auth, [handshake.raw, join.raw])).toBe(true);
    }
    const forged = stranger.sign(message);
    expect(verifyCommitAuthSync(message, forged, imported)).toBe(false);
    expect(await verifyCommitAuth(message, forged, [handshake.raw, join.raw])).toBe(false);
    // Tampered message, missing keys, a truncated signature.
    const auth = handshake.sign(message);
    const tampered = Uint8Array.from(message);
    tampered[tampered.length - 1]! ^= 1;
    expect(verifyCommitAuthSync(tampered, auth, imported)).toBe(false);
    expect(verifyCommitAuthSync(message, auth, [undefined, undefined])).toBe(false);
    expect(await verifyCommitAuth(message, auth, [undefined, join.raw])).toBe(false);
    expect(verifyCommitAuthSync(message, auth.subarray(0, 63), imported)).toBe(false);
  });
});
