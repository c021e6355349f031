/**
 * Invitation envelopes (PROTOCOL.md §4, docs/protocol.md §4 "Envelopes"): what the initiator's
 * client seals to each invitee's invite key (ghost-card.ts) and the server only stores and hands
 * on. It carries the paid room's secret `S`, the chat name and options, so the server never learns
 * them.
 *
 * Format, version 2: `ephemeralPublic (32) ‖ nonce (24) ‖ ciphertext ‖ tag (16)`, where
 * - `ctx = "anoghost/invite-envelope/v2" ‖ lp(ephemeralPublic) ‖ lp(inviteePublic)` (lp = 2-byte
 *   length prefix, derivation-context.ts),
 * - `key = HKDF-SHA256(ikm = X25519(ephemeralSecret, inviteePublic), salt = none, info = ctx)`,
 * - the box is XChaCha20-Poly1305 under `key` with a random nonce (aead.ts) and AAD = ctx,
 * - the plaintext is the JSON payload below, padded with spaces to a multiple of 256 bytes so the
 *   envelope's size does not tell the name's length to whoever stores it.
 * A fresh ephemeral key per envelope: two envelopes to one invite key share nothing.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as v from 'valibot';
import { concatBytes, decodeB64u, decodeUtf8, encodeB64u, encodeUtf8 } from '../encoding.ts';
import { createAead, NONCE_LENGTH, TAG_LENGTH } from './aead.ts';
import { abytes } from './bytes-assertions.ts';
import { encodeContext } from './derivation-context.ts';
import { INVITE_KEY_LENGTH } from './ghost-card.ts';
import { generateRandomBytes } from './random-bytes.ts';
import { wipe } from './wipe.ts';

const ENVELOPE_DOMAIN = 'anoghost/invite-envelope/v2';
const ENVELOPE_KEY_LENGTH = 32; // bytes
const EPHEMERAL_LENGTH = 32; // bytes, X25519 public key
export const INVITE_SECRET_KEY_LENGTH = 32; // bytes, X25519 secret key
export const ROOM_SECRET_LENGTH = 32; // bytes, the paid room's S
export const INVITE_PAD_BLOCK = 256; // bytes: plaintexts are padded to a multiple of this
/** The chat name's bound, the same as `MAX_CHAT_NAME_CHARS` (shared/protocol/limits.ts). */
export const INVITE_NAME_MAX_CHARS = 64;
const MAX_SECONDS = 30 * 24 * 60 * 60; // ttl and msgTtl, as rooms allow
/** The smallest envelope: one padded block. */
export const INVITE_ENVELOPE_MIN_BYTES = EPHEMERAL_LENGTH + NONCE_LENGTH + INVITE_PAD_BLOCK + TAG_LENGTH;

const seconds = v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(MAX_SECONDS));

/** What an envelope carries, version 2. */
export const InvitePayload = v.strictObject({
  v: v.literal(2),
  /** The paid room's secret S, 32 bytes, b64u. */
  secret: v.pipe(
    v.string(),
    v.length(43),
    v.check((s) => decodeB64u(s)?.length === ROOM_SECRET_LENGTH, 'secret must be 32 bytes'),
  ),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(INVITE_NAME_MAX_CHARS)),
  /** The chat's lifetime in seconds, as quoted. */
  ttl: v.optional(seconds),
  /** Message lifetime in seconds; absent: none. */
  msgTtl: v.optional(seconds),
  /** When the chat ends (Unix ms). */
  expiresAt: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});
export type InvitePayload = v.InferOutput<typeof InvitePayload>;

/** The envelope would not hold this payload (it does not match `InvitePayload`). */
export class InvitePayloadError extends Error {
  override name = 'InvitePayloadError';
}

/**
 * Seals `payload` to `inviteePublicKey` (the card's 32-byte invite key, `abytes`). Throws an
 * `InvitePayloadError` for a payload that does not match the schema, and noble's error for a
 * low-order public key (no shared secret).
 */
export function sealInviteEnvelope(inviteePublicKey: Uint8Array, payload: InvitePayload): Uint8Array {
  abytes(inviteePublicKey, INVITE_KEY_LENGTH, 'inviteePublicKey');
  const parsed = v.safeParse(InvitePayload, payload);
  if (!parsed.success) throw new InvitePayloadError(`invite payload: ${parsed.issues[0].message}`);
  const ephemeralSecret = generateRandomBytes(INVITE_SECRET_KEY_LENGTH);
  const ephemeralPublic = x25519.getPublicKey(ephemeralSecret);
  const ctx = encodeContext(ENVELOPE_DOMAIN, ephemeralPublic, inviteePublicKey);
  const key = deriveEnvelopeKey(ephemeralSecret, inviteePublicKey, ctx);
  const plaintext = pad(encodeUtf8(JSON.stringify(parsed.output)));
  try {
    return concatBytes(ephemeralPublic, createAead(key).seal(plaintext, ctx));
  } finally {
    wipe(ephemeralSecret, key, plaintext);
  }
}

/**
 * Opens an envelope with the invite key's 32-byte secret (`abytes`); `undefined` when it was not
 * sealed to that key, was altered or truncated, or does not hold a version-2 payload.
 */
export function openInviteEnvelope(
  inviteSecretKey: Uint8Array,
  envelope: Uint8Array,
): InvitePayload | undefined {
  abytes(inviteSecretKey, INVITE_SECRET_KEY_LENGTH, 'inviteSecretKey');
  abytes(envelope, undefined, 'envelope');
  if (envelope.length < INVITE_ENVELOPE_MIN_BYTES) return undefined;
  const ephemeralPublic = envelope.subarray(0, EPHEMERAL_LENGTH);
  const inviteePublic = x25519.getPublicKey(inviteSecretKey);
  const ctx = encodeContext(ENVELOPE_DOMAIN, ephemeralPublic, inviteePublic);
  let key: Uint8Array;
  try {
    key = deriveEnvelopeKey(inviteSecretKey, ephemeralPublic, ctx);
  } catch {
    return undefined; // a low-order ephemeral key: no envelope we made
  }
  const plaintext = createAead(key).open(envelope.subarray(EPHEMERAL_LENGTH), ctx);
  wipe(key);
  if (!plaintext || plaintext.length % INVITE_PAD_BLOCK !== 0) return undefined;
  const text = decodeUtf8(plaintext);
  wipe(plaintext);
  if (text === undefined) return undefined;
  try {
    const parsed = v.safeParse(InvitePayload, JSON.parse(text));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

/** `envelope` as the wire carries it (b64u), and back. */
export const encodeInviteEnvelope = (envelope: Uint8Array): string => encodeB64u(envelope);
export const decodeInviteEnvelope = (text: string): Uint8Array | undefined => decodeB64u(text);

function deriveEnvelopeKey(secret: Uint8Array, peerPublic: Uint8Array, ctx: Uint8Array): Uint8Array {
  const shared = x25519.getSharedSecret(secret, peerPublic);
  try {
    return hkdf(sha256, shared, undefined, ctx, ENVELOPE_KEY_LENGTH);
  } finally {
    wipe(shared);
  }
}

/** Pads with spaces (JSON whitespace) to the next multiple of the block, at least one block. */
function pad(json: Uint8Array): Uint8Array {
  const length = Math.max(1, Math.ceil(json.length / INVITE_PAD_BLOCK)) * INVITE_PAD_BLOCK;
  const padded = new Uint8Array(length).fill(0x20);
  padded.set(json);
  wipe(json);
  return padded;
}
