/** What the paid form reads from pasted text before anything goes to the server. */
import { describe, expect, it } from 'vitest';
import { formatGhostCard } from '../../../shared/crypto/ghost-card.ts';
import { BARE_GHOST_ID_MESSAGE, readPastedCards } from './ghost-card-lines.ts';

const GHOST = `A${'b'.repeat(90)}c`;
const KEY = new Uint8Array(32).fill(5);
const CARD = formatGhostCard(GHOST, KEY);
const OTHER = formatGhostCard(`Z${GHOST.slice(1)}`, KEY);

describe('pasted ghost cards', () => {
  it('reads one card per line, trimmed, each once', () => {
    const { cards, problems } = readPastedCards(`  ${CARD}\n\n${OTHER}\r\n${CARD}\n`);
    expect(problems).toEqual([]);
    expect(cards.map((card) => card.text)).toEqual([CARD, OTHER]);
    expect(cards[0]).toMatchObject({ ghostId: GHOST, inviteKey: KEY });
  });

  it('asks for the card when a bare ghostId is pasted', () => {
    expect(readPastedCards(GHOST)).toEqual({ cards: [], problems: [`${BARE_GHOST_ID_MESSAGE}.`] });
    expect(BARE_GHOST_ID_MESSAGE).toBe(
      'This is a ghostId, not a ghost card: ask for their card (it ends with a dot and a key)',
    );
    expect(readPastedCards(`${CARD}\n${GHOST}`).problems).toEqual([`Line 2: ${BARE_GHOST_ID_MESSAGE}.`]);
  });

  it.each([
    ['a short key', `${CARD.slice(0, -1)}`],
    ['a ghostId part that is not base64url', `a+b.${CARD.split('.')[1]}`],
    ['an empty key', `${GHOST}.`],
  ])('says what is wrong with %s', (_name, text) => {
    const { cards, problems } = readPastedCards(text);
    expect(cards).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/^not a ghost card \(.+\)\.$/)]);
  });
});
