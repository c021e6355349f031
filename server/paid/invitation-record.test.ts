import { describe, expect, it } from 'vitest';
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';
import { InvitationKeys } from '../crypto/invitation-keys.ts';
import { type Invitation, openInvitation, sealInvitation } from './invitation-record.ts';

const keys = new InvitationKeys(new Uint8Array(32).map((_, i) => i * 3));
const otherKeys = new InvitationKeys(new Uint8Array(32).fill(1));
const wallet = new Uint8Array(32).fill(9);
const invitation: Invitation = {
  id: keys.inviteId('5ig', 0),
  wallet,
  envelope: encodeB64u(new Uint8Array(328).fill(4)),
  expiresAt: 1_900_000_000_000,
  payment: '5ig',
  index: 0,
  chat: { expiresAt: 1_900_000_000_000, msgTtl: null },
};

describe('invitation keys', () => {
  it('derive ids from the payment and index, names from the wallet and the id, all keyed', () => {
    expect(keys.inviteId('5ig', 0)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(keys.inviteId('5ig', 0)).toBe(invitation.id);
    const ids = [
      keys.inviteId('5ig', 1),
      keys.inviteId('6ig', 0),
      otherKeys.inviteId('5ig', 0),
      invitation.id,
    ];
    expect(new Set(ids).size).toBe(4);
    expect(keys.walletName(wallet)).toBe(keys.walletName(wallet.slice()));
    expect(keys.walletName(wallet)).not.toBe(otherKeys.walletName(wallet));
    expect(keys.walletName(wallet)).not.toContain(encodeB64u(wallet).slice(0, 8));
    expect(keys.inviteName(invitation.id)).not.toBe(invitation.id);
  });
});

describe('sealed invitations', () => {
  it('round-trip, and show neither the wallet, the envelope nor the payment', () => {
    const stored = sealInvitation(keys, invitation);
    expect(stored).toMatchObject({
      walletName: keys.walletName(wallet),
      name: keys.inviteName(invitation.id),
      expiresAt: invitation.expiresAt,
    });
    expect(openInvitation(keys, stored)).toEqual(invitation);
    for (const clear of [
      encodeB64u(wallet),
      invitation.envelope.slice(0, 20),
      invitation.payment,
      invitation.id,
    ])
      expect(stored.sealed).not.toContain(clear);
  });

  it('open only under these keys and these names, and refuse every flipped byte', () => {
    const stored = sealInvitation(keys, invitation);
    expect(openInvitation(otherKeys, stored)).toBeUndefined();
    expect(
      openInvitation(keys, { ...stored, walletName: keys.walletName(new Uint8Array(32)) }),
    ).toBeUndefined();
    expect(
      openInvitation(keys, { ...stored, name: keys.inviteName(keys.inviteId('5ig', 1)) }),
    ).toBeUndefined();
    const bytes = decodeB64u(stored.sealed)!;
    for (let i = 0; i < bytes.length; i++) {
      const bad = bytes.slice();
      bad[i]! ^= 1;
      expect(openInvitation(keys, { ...stored, sealed: encodeB64u(bad) }), `byte ${i}`).toBeUndefined();
    }
    expect(openInvitation(keys, { ...stored, sealed: '!!' })).toBeUndefined();
  });
});
