/**
 * Reads the ghost cards pasted into the paid-chat form, one per line, before anything goes to
 * the server: a bare ghostId (no `.`) gets a message asking for the card, a malformed card says
 * what is wrong with it. Duplicates of one card count once.
 */
import { type GhostCard, looksLikeGhostCard, parseGhostCard } from '../../../shared/crypto/ghost-card.ts';

/** A card as pasted (what the server is sent) and as parsed (what envelopes are sealed to). */
export interface PastedCard extends GhostCard {
  text: string;
}

export interface PastedCards {
  cards: PastedCard[];
  /** One sentence per line that is not a card; empty when every line is one. */
  problems: string[];
}

export const BARE_GHOST_ID_MESSAGE =
  'This is a ghostId, not a ghost card: ask for their card (it ends with a dot and a key)';

export function readPastedCards(text: string): PastedCards {
  const cards: PastedCard[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || seen.has(line)) return;
    seen.add(line);
    const where = lines.length > 1 ? `Line ${index + 1}: ` : '';
    if (!looksLikeGhostCard(line)) {
      problems.push(`${where}${BARE_GHOST_ID_MESSAGE}.`);
      return;
    }
    const parsed = parseGhostCard(line);
    if ('error' in parsed) problems.push(`${where}not a ghost card (${parsed.error}).`);
    else cards.push({ ...parsed, text: line });
  });
  return { cards, problems };
}

/** A short form of a card for lists: its ghostId's start. */
export function abbreviateCard(card: PastedCard): string {
  return `${card.ghostId.slice(0, 12)}…`;
}
