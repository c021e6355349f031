/**
 * Field schemas shared by every frame (PROTOCOL.md "Conventions"). One schema library, valibot,
 * validates every frame and body on both sides.
 */
import * as v from 'valibot';
import { looksLikeGhostCard, parseGhostCard } from '../crypto/ghost-card.ts';
import { decodeAddress } from '../encoding.ts';
import { INVITE_ID_CHARS, MAX_GHOST_ID_CHARS, MAX_REQUEST_ID_CHARS } from './limits.ts';

const B64U = /^[A-Za-z0-9_-]*$/;
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;

/** A request id: a string of ≤ 64 chars or a safe integer. */
export const RequestId = v.union([
  v.pipe(v.string(), v.maxLength(MAX_REQUEST_ID_CHARS, 'id must be at most 64 characters')),
  v.pipe(v.number(), v.safeInteger('id must be a safe integer')),
]);
export type RequestId = v.InferOutput<typeof RequestId>;

/** Base64url without padding, up to `maxChars` characters. */
export function b64u(maxChars: number, name: string) {
  return v.pipe(
    v.string(`${name} must be a string`),
    v.maxLength(maxChars, `${name} must be at most ${maxChars} characters`),
    v.regex(B64U, `${name} must be base64url without padding`),
    v.check((s) => s.length % 4 !== 1, `${name} is not valid base64url`),
  );
}

/** A base58 Solana address that decodes to 32 bytes. */
export function solanaAddress(name: string) {
  return v.pipe(
    v.string(`${name} must be a string`),
    v.regex(BASE58, `${name} must be base58`),
    v.check((s) => decodeAddress(s) !== undefined, `${name} must be a 32-byte base58 address`),
  );
}

/** A base58 transaction signature (64 bytes). */
export const TxSignature = v.pipe(
  v.string('signature must be a string'),
  v.minLength(64, 'signature is too short'),
  v.maxLength(88, 'signature is too long'),
  v.regex(BASE58, 'signature must be base58'),
);

/** An opaque ghostId as the server issues it: URL-safe, ≤ 96 chars. */
export const GhostId = v.pipe(
  v.string('ghostId must be a string'),
  v.minLength(1, 'ghostId must not be empty'),
  v.maxLength(MAX_GHOST_ID_CHARS, `ghostId must be at most ${MAX_GHOST_ID_CHARS} characters`),
  v.regex(B64U, 'ghostId must be URL-safe base64'),
);

/**
 * The ghostId of a ghost card `<ghostId>.<invite key>` (PROTOCOL.md §4), or the text itself when
 * it has no `.` (a bare ghostId). A card that does not parse (a key part that is not 43 base64url
 * characters of 32 bytes) is an issue: `bad_request`. The server never sees the key part again.
 */
export const ghostIdOfCard = v.rawTransform<string, string>(({ dataset, addIssue, NEVER }) => {
  if (!looksLikeGhostCard(dataset.value)) return dataset.value;
  const card = parseGhostCard(dataset.value);
  if ('error' in card) {
    addIssue({ message: `not a ghost card: ${card.error}` });
    return NEVER;
  }
  return card.ghostId;
});

/** An invitation id as the server issues it (16 bytes, base64url). */
export const InviteId = v.pipe(
  v.string('invite must be a string'),
  v.length(INVITE_ID_CHARS, `invite must be ${INVITE_ID_CHARS} characters`),
  v.regex(B64U, 'invite must be base64url'),
);

/** Whole seconds in [min, max]. */
export function seconds(min: number, max: number, name: string) {
  return v.pipe(
    v.number(`${name} must be a number`),
    v.safeInteger(`${name} must be whole seconds`),
    v.minValue(min, `${name} must be at least ${min} s`),
    v.maxValue(max, `${name} must be at most ${max} s`),
  );
}
