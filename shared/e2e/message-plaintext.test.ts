import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../encoding.ts';
import {
  createSecretMessage,
  createTextMessage,
  createTypingMessage,
  createUnsendMessage,
  decodeMessagePlaintext,
  decodeRoomMessage,
  encodeMessagePlaintext,
  encodeRoomMessage,
  MessagePlaintextError,
  PADDING_BUCKETS,
  type RoomMessage,
} from './message-plaintext.ts';

/** Builds a padded plaintext around arbitrary JSON text, bypassing the encoder's checks. */
function padByHand(json: string, size = 256, version = 1): Uint8Array {
  const out = new Uint8Array(size);
  const bytes = encodeUtf8(json);
  out[0] = version;
  out.set(bytes, 1);
  out[1 + bytes.length] = 0x80;
  return out;
}

describe('message plaintext', () => {
  it('round-trips text and unsend messages', () => {
    const text = createTextMessage('hello 👻', { ttl: 60, now: 1_700_000_000_000 });
    expect(decodeMessagePlaintext(encodeMessagePlaintext(text))).toEqual({ ok: true, message: text });
    const unsend = createUnsendMessage(text.id);
    expect(decodeMessagePlaintext(encodeMessagePlaintext(unsend))).toEqual({ ok: true, message: unsend });
    expect(text.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(createTextMessage('x').id).not.toBe(text.id);
  });

  it('pads to bucket sizes', () => {
    expect(encodeMessagePlaintext(createTextMessage('a'))).toHaveLength(256);
    expect(encodeMessagePlaintext(createTextMessage('a'.repeat(200)))).toHaveLength(512);
    expect(encodeMessagePlaintext(createTextMessage('a'.repeat(1000)))).toHaveLength(2048);
    expect(encodeMessagePlaintext(createTextMessage('a'.repeat(30_000)))).toHaveLength(32_768);
    expect(() => encodeMessagePlaintext(createTextMessage('a'.repeat(33_000)))).toThrow(
      MessagePlaintextError,
    );
  });

  it('refuses to encode an invalid message', () => {
    expect(() => encodeMessagePlaintext(createTextMessage(''))).toThrow(MessagePlaintextError);
    expect(() => encodeMessagePlaintext(createTextMessage('x', { ttl: 0 }))).toThrow(MessagePlaintextError);
    expect(() => encodeMessagePlaintext(createUnsendMessage('short'))).toThrow(MessagePlaintextError);
  });

  it('rejects malformed plaintexts', () => {
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    const good = padByHand(`{"kind":"text","id":"${id}","ts":1,"body":"hi"}`);
    expect(decodeMessagePlaintext(good).ok).toBe(true);
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, 255), /bucket/],
      [Uint8Array.of(2, ...good.subarray(1)), /version/],
      [new Uint8Array(256).fill(0).map((_, i) => (i === 0 ? 1 : 0)), /padding/],
      [Uint8Array.from(good).fill(7, 200), /padding/],
      [padByHand('{"kind":"text"'), /JSON/],
      [padByHand(`{"kind":"shout","id":"${id}","ts":1,"body":"hi"}`), /invalid/],
      [padByHand(`{"kind":"text","id":"${id}","ts":1,"body":"hi","extra":1}`), /invalid/],
      [padByHand(`{"kind":"text","id":"${id}","ts":-1,"body":"hi"}`), /invalid/],
      [padByHand(`{"kind":"text","id":"${id}","ts":1,"body":"hi","ttl":1.5}`), /invalid/],
      [padByHand(`{"kind":"unsend","id":"${id}","ts":1}`), /invalid/],
      [Uint8Array.from([1, 0xff, 0xfe, 0x80, ...new Uint8Array(252)]), /UTF-8/],
    ];
    for (const [bytes, reason] of cases) {
      const result = decodeMessagePlaintext(bytes);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(reason);
    }
    expect(PADDING_BUCKETS.at(-1)).toBe(32_768);
  });
});

describe('room message plaintext (version 2, MLS rooms)', () => {
  const secret = new Uint8Array(32).fill(3);
  const messages: RoomMessage[] = [
    createTextMessage('hello', { ttl: 30 }),
    createUnsendMessage(createTextMessage('x').id),
    createTypingMessage({ now: 5 }),
    { kind: 'profile', nickname: 'Ghost 👻' },
    { kind: 'room', name: 'Night shift' },
    createSecretMessage(secret),
  ];

  it('round-trips every kind, padded to a bucket, with version byte 2', () => {
    for (const message of messages) {
      const padded = encodeRoomMessage(message);
      expect(padded[0]).toBe(2);
      expect(padded).toHaveLength(256);
      expect(decodeRoomMessage(padded)).toEqual({ ok: true, message });
    }
    expect(createSecretMessage(secret).secret).toHaveLength(43);
  });

  it('keeps the versions apart: neither decoder reads the other’s plaintext', () => {
    const text = createTextMessage('hi');
    expect(decodeMessagePlaintext(encodeRoomMessage(text))).toMatchObject({ ok: false, reason: /version/ });
    expect(decodeRoomMessage(encodeMessagePlaintext(text))).toMatchObject({ ok: false, reason: /version/ });
    expect(() => encodeMessagePlaintext(createTypingMessage() as never)).toThrow(MessagePlaintextError);
  });

  it('refuses invalid version-2 messages', () => {
    const bad: unknown[] = [
      { kind: 'typing' },
      { kind: 'typing', ts: 1, extra: true },
      { kind: 'profile', nickname: '' },
      { kind: 'profile', nickname: 'n'.repeat(65) },
      { kind: 'room', name: 'r'.repeat(65) },
      { kind: 'secret', secret: 'short' },
      { kind: 'secret', secret: '+'.repeat(43) },
    ];
    for (const message of bad) {
      expect(() => encodeRoomMessage(message as RoomMessage)).toThrow(MessagePlaintextError);
      const padded = padByHand(JSON.stringify(message), 256, 2);
      expect(decodeRoomMessage(padded)).toMatchObject({ ok: false, reason: /invalid/ });
    }
    expect(() => createSecretMessage(new Uint8Array(31))).toThrow(RangeError);
  });
});
