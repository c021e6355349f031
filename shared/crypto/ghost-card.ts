/**
 * Ghost cards (PROTOCOL.md §4): what a person shares to be invited to a paid chat, their current
 * ghostId and the X25519 invite key their client made for it, as `<ghostId>.<b64u invite key>`.
 * A ghostId is base64url and never holds a `.`, so the card splits at its last one. The server
 * reads only the ghostId part; the initiator's client seals the invitation envelope
 * (invite-envelope.ts) to the invite key.
 */
import { decodeB64u, encodeB64u } from '../encoding.ts';
import { abytes } from './bytes-assertions.ts';

export const INVITE_KEY_LENGTH = 32; // bytes, an X25519 public key
export const INVITE_KEY_CHARS = 43; // b64u characters of 32 bytes
export const GHOST_CARD_SEPARATOR = '.';
const B64U = /^[A-Za-z0-9_-]+$/;

/** A parsed ghost card. */
export interface GhostCard {
  ghostId: string;
  /** The invitee's X25519 invite public key. */
  inviteKey: Uint8Array;
}

/** A card that could not be read, and why (for people, no secret in it). */
export interface GhostCardError {
  error: string;
}

/** Whether `text` is meant as a card (it has the separator) rather than a bare ghostId. */
export function looksLikeGhostCard(text: string): boolean {
  return text.includes(GHOST_CARD_SEPARATOR);
}

/**
 * Parses `<ghostId>.<b64u 32-byte key>`; the ghostId part must be non-empty base64url (the server
 * judges whether it is live). Surrounding whitespace is not accepted: trim pasted text first.
 */
export function parseGhostCard(text: string): GhostCard | GhostCardError {
  const at = text.lastIndexOf(GHOST_CARD_SEPARATOR);
  if (at < 0) return { error: 'a ghost card is <ghostId>.<invite key>' };
  const ghostId = text.slice(0, at);
  const keyText = text.slice(at + 1);
  if (ghostId.length === 0 || !B64U.test(ghostId)) return { error: 'the ghostId part is not base64url' };
  if (keyText.length !== INVITE_KEY_CHARS) {
    return { error: `the invite key must be ${INVITE_KEY_CHARS} base64url characters` };
  }
  const inviteKey = decodeB64u(keyText);
  if (inviteKey?.length !== INVITE_KEY_LENGTH) return { error: 'the invite key is not base64url' };
  // Only the canonical encoding: two texts of one card must not both be accepted.
  if (encodeB64u(inviteKey) !== keyText) return { error: 'the invite key is not canonical base64url' };
  return { ghostId, inviteKey };
}

/** The card text of a ghostId and its invite public key (32 bytes, checked with `abytes`). */
export function formatGhostCard(ghostId: string, inviteKey: Uint8Array): string {
  if (ghostId.length === 0 || !B64U.test(ghostId)) throw new RangeError('ghostId must be base64url');
  return `${ghostId}${GHOST_CARD_SEPARATOR}${encodeB64u(abytes(inviteKey, INVITE_KEY_LENGTH, 'inviteKey'))}`;
}
