/**
 * What a room message says, inside its ciphertext (DESIGN.md "Message plaintext").
 *
 * Layout before encryption: `version (1) = 0x01 ‖ UTF-8 JSON ‖ 0x80 ‖ 0x00…` padded (ISO/IEC
 * 7816-4) up to the next bucket of `PADDING_BUCKETS`, so the ciphertext length only tells which
 * bucket a message fell in. JSON fields:
 * - `{"kind":"text","id","ts","body","ttl"?}`: a text; `ttl` is the sender-chosen lifetime in seconds;
 * - `{"kind":"unsend","id","ts","target"}`: remove message `target` everywhere.
 * `id` is 16 random bytes in b64u (22 chars); `ts` is the sender's clock in Unix ms. Decoding
 * checks the padding, the version and every field (valibot), and rejects anything else.
 */
import * as v from 'valibot';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { decodeUtf8, encodeB64u, encodeUtf8 } from '../encoding.ts';
import { MAX_MSG_TTL_SECONDS } from '../protocol/limits.ts';

export const PLAINTEXT_VERSION = 0x01;
export const PADDING_BUCKETS = [256, 512, 1024, 2048, 4096, 8192, 16_384, 32_768] as const; // bytes
const MAX_PADDED_PLAINTEXT_BYTES = PADDING_BUCKETS[PADDING_BUCKETS.length - 1]; // keeps the final ct under MAX_CT_CHARS
const MESSAGE_ID_BYTES = 16;
const PAD_MARKER = 0x80;

const MessageId = v.pipe(v.string(), v.length(22, 'id must be 22 characters'), v.regex(/^[A-Za-z0-9_-]+$/));
const Timestamp = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const TextMessageSchema = v.strictObject({
  kind: v.literal('text'),
  id: MessageId,
  ts: Timestamp,
  body: v.pipe(v.string(), v.minLength(1, 'body must not be empty')),
  ttl: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(MAX_MSG_TTL_SECONDS))),
});
const UnsendMessageSchema = v.strictObject({
  kind: v.literal('unsend'),
  id: MessageId,
  ts: Timestamp,
  target: MessageId,
});
const MessagePlaintextSchema = v.variant('kind', [TextMessageSchema, UnsendMessageSchema]);

export type TextMessage = v.InferOutput<typeof TextMessageSchema>;
export type UnsendMessage = v.InferOutput<typeof UnsendMessageSchema>;
/** A decrypted room message. */
export type MessagePlaintext = v.InferOutput<typeof MessagePlaintextSchema>;

export type PlaintextResult = { ok: true; message: MessagePlaintext } | { ok: false; reason: string };

/** Thrown by `encodeMessagePlaintext` for a message that is invalid or too large to send. */
export class MessagePlaintextError extends Error {
  override name = 'MessagePlaintextError';
}

/** A new text message with a fresh id; `ttl` in seconds. */
export function createTextMessage(body: string, options: { ttl?: number; now?: number } = {}): TextMessage {
  const message: TextMessage = { kind: 'text', id: generateMessageId(), ts: options.now ?? Date.now(), body };
  if (options.ttl !== undefined) message.ttl = options.ttl;
  return message;
}

/** A message asking every member to remove message `target`. */
export function createUnsendMessage(target: string, options: { now?: number } = {}): UnsendMessage {
  return { kind: 'unsend', id: generateMessageId(), ts: options.now ?? Date.now(), target };
}

/** Validates, serializes and pads a message. Throws `MessagePlaintextError`. */
export function encodeMessagePlaintext(message: MessagePlaintext): Uint8Array {
  const parsed = v.safeParse(MessagePlaintextSchema, message);
  if (!parsed.success) throw new MessagePlaintextError(`invalid message: ${parsed.issues[0].message}`);
  const json = encodeUtf8(JSON.stringify(parsed.output));
  const used = 1 + json.length + 1; // version, JSON, pad marker
  const bucket = PADDING_BUCKETS.find((size) => size >= used);
  if (bucket === undefined) {
    throw new MessagePlaintextError(`message is too large: ${used} bytes, max ${MAX_PADDED_PLAINTEXT_BYTES}`);
  }
  const out = new Uint8Array(bucket);
  out[0] = PLAINTEXT_VERSION;
  out.set(json, 1);
  out[1 + json.length] = PAD_MARKER;
  return out;
}

/** Strips the padding and validates. Never throws. */
export function decodeMessagePlaintext(padded: Uint8Array): PlaintextResult {
  if (!(PADDING_BUCKETS as readonly number[]).includes(padded.length))
    return fail('not a padding bucket size');
  if (padded[0] !== PLAINTEXT_VERSION) return fail('unsupported plaintext version');
  let end = padded.length - 1;
  while (end > 0 && padded[end] === 0) end--;
  if (end === 0 || padded[end] !== PAD_MARKER) return fail('bad padding');
  const text = decodeUtf8(padded.subarray(1, end));
  if (text === undefined) return fail('not UTF-8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('not JSON');
  }
  const parsed = v.safeParse(MessagePlaintextSchema, json);
  if (!parsed.success) return fail(`invalid message: ${parsed.issues[0].message}`);
  return { ok: true, message: parsed.output };
}

function generateMessageId(): string {
  return encodeB64u(generateRandomBytes(MESSAGE_ID_BYTES));
}

function fail(reason: string): PlaintextResult {
  return { ok: false, reason };
}
