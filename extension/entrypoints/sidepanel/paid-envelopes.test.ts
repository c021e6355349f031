/** The envelopes the initiator seals: one per live card, in order, each opening for its invitee. */
import { describe, expect, it } from 'vitest';
import { formatGhostCard } from '../../../shared/crypto/ghost-card.ts';
import { decodeInviteEnvelope, openInviteEnvelope } from '../../../shared/crypto/invite-envelope.ts';
import { generateInviteKeyPair } from '../../../shared/crypto/invite-keys.ts';
import { QUOTE_LIFETIME_MS } from '../../../shared/protocol/limits.ts';
import { readPastedCards } from './ghost-card-lines.ts';
import { chatExpiryOf, sealInvitations } from './paid-envelopes.ts';

const ISSUED_AT = 1_800_000_000_123;
const QUOTE = { expiresAt: ISSUED_AT + QUOTE_LIFETIME_MS };

describe('paid-chat envelopes', () => {
  it('ends the chat where the server does: issue time plus ttl, down to the second', () => {
    expect(chatExpiryOf(QUOTE, 3600)).toBe(1_800_000_000_000 + 3_600_000);
  });

  it('seals S, the name and the terms to each live card, in the quote’s order', () => {
    const pairs = [generateInviteKeyPair(), generateInviteKeyPair(), generateInviteKeyPair()];
    const text = pairs.map((pair, i) => formatGhostCard(`ghost${i}`, pair.publicKey)).join('\n');
    const { cards } = readPastedCards(text);
    const sealed = sealInvitations({ ...QUOTE, live: [true, false, true] }, cards, {
      name: 'Plans',
      ttl: 3600,
      msgTtl: null,
    });
    expect(sealed.invites).toHaveLength(2);
    const expected = { v: 2, secret: sealed.secret, name: 'Plans', ttl: 3600, expiresAt: sealed.expiresAt };
    const open = (i: number, envelope: string) =>
      openInviteEnvelope(pairs[i]!.secretKey, decodeInviteEnvelope(envelope)!);
    expect(open(0, sealed.invites[0]!)).toEqual(expected);
    expect(open(2, sealed.invites[1]!)).toEqual(expected);
    expect(open(1, sealed.invites[0]!)).toBeUndefined();
    const again = sealInvitations({ ...QUOTE, live: [true, false, true] }, cards, {
      name: 'Plans',
      ttl: 3600,
      msgTtl: null,
    });
    expect(again.secret).not.toBe(sealed.secret);
  });

  it('carries the default message lifetime when there is one', () => {
    const pair = generateInviteKeyPair();
    const { cards } = readPastedCards(formatGhostCard('ghost', pair.publicKey));
    const sealed = sealInvitations({ ...QUOTE, live: [true] }, cards, { name: 'x', ttl: 60, msgTtl: 30 });
    expect(openInviteEnvelope(pair.secretKey, decodeInviteEnvelope(sealed.invites[0]!)!)?.msgTtl).toBe(30);
  });

  it('refuses a quote that names other cards', () => {
    const { cards } = readPastedCards(formatGhostCard('ghost', generateInviteKeyPair().publicKey));
    expect(() =>
      sealInvitations({ ...QUOTE, live: [true, true] }, cards, { name: 'x', ttl: 60, msgTtl: null }),
    ).toThrow(RangeError);
  });
});
