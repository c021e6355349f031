/**
 * What the initiator's side panel seals for a paid chat (docs/protocol.md §4 "Envelopes"): a
 * fresh room secret S and, per live invitee in the quote's order, an envelope holding S, the chat
 * name and its terms, sealed to the invite key of that invitee's card. The name never goes to the
 * server in clear: it is only in the envelopes and in this install's paid-keys store.
 */
import type { Quote } from '../../../shared/client/index.ts';
import {
  encodeInviteEnvelope,
  type InvitePayload,
  ROOM_SECRET_LENGTH,
  sealInviteEnvelope,
} from '../../../shared/crypto/invite-envelope.ts';
import { generateRandomBytes } from '../../../shared/crypto/random-bytes.ts';
import { wipe } from '../../../shared/crypto/wipe.ts';
import { encodeB64u } from '../../../shared/encoding.ts';
import { QUOTE_LIFETIME_MS } from '../../../shared/protocol/limits.ts';
import type { PastedCard } from './ghost-card-lines.ts';

export interface ChatTerms {
  name: string;
  /** The chat's lifetime in seconds, as quoted. */
  ttl: number;
  /** Default message lifetime in seconds for every member's client; null: messages stay. */
  msgTtl: number | null;
}

export interface SealedInvitations {
  /** S, b64u. */
  secret: string;
  /** When the chat ends (ms), as the server computes it. */
  expiresAt: number;
  /** One envelope (b64u) per live invitee, in the quote's order. */
  invites: string[];
}

/**
 * The chat's end as the server sets it: the quote's issue time plus `ttl`, rounded down to the
 * second (docs/protocol.md §4 "Chat expiry"); the quote expires `QUOTE_LIFETIME_MS` after issue.
 */
export function chatExpiryOf(quote: Pick<Quote, 'expiresAt'>, ttl: number): number {
  const issuedAt = quote.expiresAt - QUOTE_LIFETIME_MS;
  return Math.floor((issuedAt + ttl * 1000) / 1000) * 1000;
}

/** Seals S and the terms to each card the quote says is live (`quote.live[i]` for `cards[i]`). */
export function sealInvitations(
  quote: Pick<Quote, 'expiresAt' | 'live'>,
  cards: PastedCard[],
  terms: ChatTerms,
): SealedInvitations {
  if (quote.live.length !== cards.length) throw new RangeError('the quote names other cards');
  const secretBytes = generateRandomBytes(ROOM_SECRET_LENGTH);
  const secret = encodeB64u(secretBytes);
  wipe(secretBytes);
  const expiresAt = chatExpiryOf(quote, terms.ttl);
  const payload: InvitePayload = {
    v: 2,
    secret,
    name: terms.name,
    ttl: terms.ttl,
    ...(terms.msgTtl === null ? {} : { msgTtl: terms.msgTtl }),
    expiresAt,
  };
  const invites = cards
    .filter((_, i) => quote.live[i])
    .map((card) => encodeInviteEnvelope(sealInviteEnvelope(card.inviteKey, payload)));
  return { secret, expiresAt, invites };
}
