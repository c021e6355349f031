import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { openInviteEnvelope, sealInviteEnvelope } from './invite-envelope.ts';
import { generateInviteKeyPair, inviteKeyOf } from './invite-keys.ts';

const PAYLOAD = { v: 2 as const, secret: 'A'.repeat(43), name: 'Plans', ttl: 3600, expiresAt: 1 };

describe('invite key pairs', () => {
  it('makes fresh pairs whose secret opens what is sealed to the public key', () => {
    const a = generateInviteKeyPair();
    const b = generateInviteKeyPair();
    expect(a.publicKey).toHaveLength(32);
    expect(a.secretKey).not.toEqual(b.secretKey);
    expect(inviteKeyOf(a.secretKey)).toEqual(a.publicKey);
    const envelope = sealInviteEnvelope(a.publicKey, PAYLOAD);
    expect(openInviteEnvelope(a.secretKey, envelope)).toEqual(PAYLOAD);
    expect(openInviteEnvelope(b.secretKey, envelope)).toBeUndefined();
  });

  it('refuses a secret that is not 32 bytes', async () => {
    await expectRefusesBadBytes((secret) => inviteKeyOf(secret), 32, 'secretKey');
  });
});
