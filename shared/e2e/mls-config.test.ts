import type { Credential, Proposal } from 'ts-mls';
import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../encoding.ts';
import {
  acceptRoomCommit,
  credentialFor,
  isMemberId,
  keyPackageLifetime,
  memberIdOf,
  ROOM_AUTHENTICATION,
  ROOM_CLIENT_CONFIG,
} from './mls-config.ts';

const commitOf = (...types: string[]) =>
  acceptRoomCommit({
    kind: 'commit',
    senderLeafIndex: undefined,
    proposals: types.map((proposalType) => ({ proposal: { proposalType } as Proposal, senderLeafIndex: 0 })),
  });

describe('credentials and the authentication service', () => {
  it('accepts only basic credentials naming a well-formed member id', async () => {
    const key = new Uint8Array(32);
    expect(await ROOM_AUTHENTICATION.validateCredential(credentialFor('Abc_-123XYZ9'), key)).toBe(true);
    const refused: Credential[] = [
      { credentialType: 'basic', identity: encodeUtf8('') },
      { credentialType: 'basic', identity: encodeUtf8('has space') },
      { credentialType: 'basic', identity: encodeUtf8('x'.repeat(33)) },
      { credentialType: 'basic', identity: Uint8Array.of(0xff, 0xfe) },
      { credentialType: 'x509', certificates: [encodeUtf8('Abc_-123XYZ9')] },
    ];
    for (const credential of refused) {
      expect(await ROOM_AUTHENTICATION.validateCredential(credential, key)).toBe(false);
      expect(memberIdOf(credential)).toBeUndefined();
    }
    expect(memberIdOf(credentialFor('m1'))).toBe('m1');
    expect(isMemberId('x'.repeat(32))).toBe(true);
    expect(() => credentialFor('no/slash')).toThrow(TypeError);
  });

  it('lets a commit carry only add, remove and external_init', () => {
    expect(commitOf('add', 'remove')).toBe('accept');
    expect(commitOf('external_init', 'remove')).toBe('accept');
    expect(commitOf()).toBe('accept'); // an empty commit (Update)
    for (const type of ['update', 'psk', 'reinit', 'group_context_extensions']) {
      expect(commitOf('add', type), type).toBe('reject');
    }
    const proposal = { proposal: { proposalType: 'add' } as Proposal, senderLeafIndex: 1 };
    expect(acceptRoomCommit({ kind: 'proposal', proposal })).toBe('reject');
  });

  it('retains keys for 100 generations and 4 epochs; KeyPackages live a day', () => {
    expect(ROOM_CLIENT_CONFIG.keyRetentionConfig).toEqual({
      retainKeysForGenerations: 100,
      retainKeysForEpochs: 4,
      maximumForwardRatchetSteps: 2000,
    });
    const now = 1_800_000_000_000;
    const lifetime = keyPackageLifetime(now);
    expect(lifetime.notBefore).toBe(BigInt(now / 1000 - 3600));
    expect(lifetime.notAfter).toBe(BigInt(now / 1000 + 86_400));
  });
});
