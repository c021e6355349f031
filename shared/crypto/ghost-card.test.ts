import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { encodeB64u } from '../encoding.ts';
import { formatGhostCard, INVITE_KEY_CHARS, looksLikeGhostCard, parseGhostCard } from './ghost-card.ts';

const GHOST = `A${'b'.repeat(90)}c`; // 92 b64u characters, as the server issues them
const KEY = new Uint8Array(32).map((_, i) => i * 7);

describe('ghost cards', () => {
  it('formats <ghostId>.<b64u key> and parses it back', () => {
    const card = formatGhostCard(GHOST, KEY);
    expect(card).toBe(`${GHOST}.${encodeB64u(KEY)}`);
    expect(card.length).toBe(92 + 1 + INVITE_KEY_CHARS);
    expect(parseGhostCard(card)).toEqual({ ghostId: GHOST, inviteKey: KEY });
    expect(looksLikeGhostCard(card)).toBe(true);
    expect(looksLikeGhostCard(GHOST)).toBe(false);
  });

  it.each([
    ['no separator', GHOST],
    ['an empty ghostId', `.${encodeB64u(KEY)}`],
    ['a ghostId that is not b64u', `a+b.${encodeB64u(KEY)}`],
    ['two separators (the ghostId part holds one)', `a.b.${encodeB64u(KEY)}`],
    ['a short key', `${GHOST}.${encodeB64u(KEY).slice(1)}`],
    ['a long key', `${GHOST}.${encodeB64u(KEY)}A`],
    ['a key with padding', `${GHOST}.${encodeB64u(KEY).slice(0, 42)}=`],
    ['a key that is not canonical', `${GHOST}.${encodeB64u(KEY).slice(0, 42)}B`],
    ['an empty key', `${GHOST}.`],
    ['whitespace', ` ${GHOST}.${encodeB64u(KEY)}`],
  ])('refuses %s with a reason', (_name, text) => {
    const parsed = parseGhostCard(text);
    expect(parsed).toEqual({ error: expect.any(String) });
  });

  it('refuses to format a key that is not 32 bytes, or a ghostId that is not b64u', async () => {
    await expectRefusesBadBytes((key) => formatGhostCard(GHOST, key), 32, 'inviteKey');
    expect(() => formatGhostCard('a.b', KEY)).toThrow(RangeError);
    expect(() => formatGhostCard('', KEY)).toThrow(RangeError);
  });
});
