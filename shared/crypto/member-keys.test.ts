import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import {
  deriveMemberKeys,
  generateMemberKeys,
  isValidSigningPublicKey,
  PUBLIC_KEY_LENGTH,
  SECRET_KEY_LENGTH,
  wipeMemberKeys,
} from './member-keys.ts';

describe('member keys', () => {
  it('derive X25519 and Ed25519 public keys from the given secrets, without copying them', () => {
    const agreement = new Uint8Array(32).fill(1);
    const signing = new Uint8Array(32).fill(2);
    const keys = deriveMemberKeys(agreement, signing);
    expect(keys.agreementPublic).toEqual(x25519.getPublicKey(agreement));
    expect(keys.signingPublic).toEqual(ed25519.getPublicKey(signing));
    expect(keys.agreementSecret).toBe(agreement);
    expect(keys.signingSeed).toBe(signing);
  });

  it('are fresh per membership and wiped by wipeMemberKeys', () => {
    const a = generateMemberKeys();
    const b = generateMemberKeys();
    expect(a.agreementPublic).not.toEqual(b.agreementPublic);
    expect(a.signingPublic).toHaveLength(PUBLIC_KEY_LENGTH);
    wipeMemberKeys(a);
    expect(a.agreementSecret).toEqual(new Uint8Array(SECRET_KEY_LENGTH));
    expect(a.signingSeed).toEqual(new Uint8Array(SECRET_KEY_LENGTH));
  });

  it('refuse secrets that are not 32 bytes', async () => {
    const ok = new Uint8Array(32).fill(5);
    await expectRefusesBadBytes((s) => deriveMemberKeys(s, ok), SECRET_KEY_LENGTH, 'agreementSecret');
    await expectRefusesBadBytes((s) => deriveMemberKeys(ok, s), SECRET_KEY_LENGTH, 'signingSeed');
  });

  it('tell a valid Ed25519 public key from a wrong length or a non-point, without throwing', () => {
    expect(isValidSigningPublicKey(generateMemberKeys().signingPublic)).toBe(true);
    expect(isValidSigningPublicKey(new Uint8Array(31))).toBe(false);
    expect(isValidSigningPublicKey(new Uint8Array(32).fill(0xff))).toBe(false);
  });
});
