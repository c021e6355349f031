/**
 * What a room message says, inside its ciphertext (DESIGN.md "Message plaintext"; version 2:
 * docs/rooms-mls.md "Application messages").
 *
 * Layout before encryption: `version (1) ‖ UTF-8 JSON ‖ 0x80 ‖ 0x00…` padded (ISO/IEC 7816-4) up
 * to the next bucket of `PADDING_BUCKETS`, so the ciphertext length only tells which bucket a
 * message fell in. Version 2 (MLS rooms: `encodeRoomMessage`, `decodeRoomMessage`; version 1 was
 * the sender-key rooms', gone with them) has six kinds:
 * - `{"kind":"text","id","ts","body","ttl"?}`: a text; `ttl` is the sender-chosen lifetime in seconds;
 * - `{"kind":"unsend","id","ts","target"}`: remove message `target` everywhere;
 * - `{"kind":"typing","ts"}`: the sender is typing;
 * - `{"kind":"profile","nickname"}`: the sender's nickname in this room;
 * - `{"kind":"room","name"}`: the chat's name;
 * - `{"kind":"secret","secret"}`: the room secret S (b64u, 32 bytes), for members admitted by knock.
 * `id` is 16 random bytes in b64u (22 chars); `ts` is the sender's clock in Unix ms. Decoding
 * checks the padding, the version and every field (valibot), and rejects anything else.
 */
import * as v from 'valibot';
import { abytes } from '../crypto/bytes-assertions.ts';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { LINK_SECRET_LENGTH } from '../crypto/room-secret.ts';
import { decodeUtf8, encodeB64u, encodeUtf8 } from '../encoding.ts';
import { MAX_CHAT_NAME_CHARS, MAX_MSG_TTL_SECONDS } from '../protocol/limits.ts';

export const ROOM_PLAINTEXT_VERSION = 0x02;
export const MAX_NICKNAME_CHARS = 64;
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
const TypingMessageSchema = v.strictObject({ kind: v.literal('typing'), ts: Timestamp });
const ProfileMessageSchema = v.strictObject({
  kind: v.literal('profile'),
  nickname: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_NICKNAME_CHARS, 'nickname is too long')),
});
const RoomNameMessageSchema = v.strictObject({
  kind: v.literal('room'),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_CHAT_NAME_CHARS, 'name is too long')),
});
const SecretMessageSchema = v.strictObject({
  kind: v.literal('secret'),
  secret: v.pipe(v.string(), v.length(43, 'secret must be 43 characters'), v.regex(/^[A-Za-z0-9_-]+$/)),
});
const RoomMessageSchema = v.variant('kind', [
  TextMessageSchema,
  UnsendMessageSchema,
  TypingMessageSchema,
  ProfileMessageSchema,
  RoomNameMessageSchema,
  SecretMessageSchema,
]);

export type TextMessage = v.InferOutput<typeof TextMessageSchema>;
export type UnsendMessage = v.InferOutput<typeof UnsendMessageSchema>;
/** A decrypted message of a sender-key room (plaintext version 1). */

export type TypingMessage = v.InferOutput<typeof TypingMessageSchema>;
export type ProfileMessage = v.InferOutput<typeof ProfileMessageSchema>;
export type RoomNameMessage = v.InferOutput<typeof RoomNameMessageSchema>;
export type SecretMessage = v.InferOutput<typeof SecretMessageSchema>;
/** A decrypted message of an MLS room (plaintext version 2). */
export type RoomMessage = v.InferOutput<typeof RoomMessageSchema>;

export type RoomPlaintextResult = { ok: true; message: RoomMessage } | { ok: false; reason: string };

/** Thrown by `encodeRoomMessage` for a message that is invalid or too large to send. */
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

/** Validates, serializes and pads an MLS room message (version 2). Throws `MessagePlaintextError`. */
export function encodeRoomMessage(message: RoomMessage): Uint8Array {
  return encodePadded(RoomMessageSchema, ROOM_PLAINTEXT_VERSION, message);
}

/** Strips the padding of an MLS room message (version 2) and validates. Never throws. */
export function decodeRoomMessage(padded: Uint8Array): RoomPlaintextResult {
  return decodePadded(RoomMessageSchema, ROOM_PLAINTEXT_VERSION, padded);
}

/** A typing notice. */
export function createTypingMessage(options: { now?: number } = {}): TypingMessage {
  return { kind: 'typing', ts: options.now ?? Date.now() };
}

/** The room secret S for a member admitted by knock (docs/rooms-mls.md "Knock"). */
export function createSecretMessage(secret: Uint8Array): SecretMessage {
  return { kind: 'secret', secret: encodeB64u(abytes(secret, LINK_SECRET_LENGTH, 'secret')) };
}

type AnySchema = typeof RoomMessageSchema;

function encodePadded(schema: AnySchema, version: number, message: unknown): Uint8Array {
  const parsed = v.safeParse(schema, message);
  if (!parsed.success) throw new MessagePlaintextError(`invalid message: ${parsed.issues[0].message}`);
  const json = encodeUtf8(JSON.stringify(parsed.output));
  const used = 1 + json.length + 1; // version, JSON, pad marker
  const bucket = PADDING_BUCKETS.find((size) => size >= used);
  if (bucket === undefined) {
    throw new MessagePlaintextError(`message is too large: ${used} bytes, max ${MAX_PADDED_PLAINTEXT_BYTES}`);
  }
  const out = new Uint8Array(bucket);
  out[0] = version;
  out.set(json, 1);
  out[1 + json.length] = PAD_MARKER;
  return out;
}

function decodePadded<S extends AnySchema>(
  schema: S,
  version: number,
  padded: Uint8Array,
): { ok: true; message: v.InferOutput<S> } | { ok: false; reason: string } {
  if (!(PADDING_BUCKETS as readonly number[]).includes(padded.length))
    return fail('not a padding bucket size');
  if (padded[0] !== version) return fail('unsupported plaintext version');
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
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) return fail(`invalid message: ${parsed.issues[0].message}`);
  return { ok: true, message: parsed.output as v.InferOutput<S> };
}

function generateMessageId(): string {
  return encodeB64u(generateRandomBytes(MESSAGE_ID_BYTES));
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
