import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../encoding.ts';
import {
  createSecretMessage,
  createTextMessage,
  createTypingMessage,
  createUnsendMessage,
  decodeRoomMessage,
  encodeRoomMessage,
  MessagePlaintextError,
  PADDING_BUCKETS,
  type RoomMessage,
} from './message-plaintext.ts';

/** Builds a padded plaintext around arbitrary JSON text, bypassing the encoder's checks. */
function padByHand(json: string, size = 256, version = 2): Uint8Array {
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
    expect(decodeRoomMessage(encodeRoomMessage(text))).toEqual({ ok: true, message: text });
    const unsend = createUnsendMessage(text.id);
    expect(decodeRoomMessage(encodeRoomMessage(unsend))).toEqual({ ok: true, message: unsend });
    expect(text.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(createTextMessage('x').id).not.toBe(text.id);
  });

  it('pads to bucket sizes', () => {
    expect(encodeRoomMessage(createTextMessage('a'))).toHaveLength(256);
    expect(encodeRoomMessage(createTextMessage('a'.repeat(200)))).toHaveLength(512);
    expect(encodeRoomMessage(createTextMessage('a'.repeat(1000)))).toHaveLength(2048);
    expect(encodeRoomMessage(createTextMessage('a'.repeat(30_000)))).toHaveLength(32_768);
    expect(() => encodeRoomMessage(createTextMessage('a'.repeat(33_000)))).toThrow(MessagePlaintextError);
  });

  it('refuses to encode an invalid message', () => {
    expect(() => encodeRoomMessage(createTextMessage(''))).toThrow(MessagePlaintextError);
    expect(() => encodeRoomMessage(createTextMessage('x', { ttl: 0 }))).toThrow(MessagePlaintextError);
    expect(() => encodeRoomMessage(createUnsendMessage('short'))).toThrow(MessagePlaintextError);
  });

  it('rejects malformed plaintexts', () => {
    const id = 'AAAAAAAAAAAAAAAAAAAAAA';
    const good = padByHand(`{"kind":"text","id":"${id}","ts":1,"body":"hi"}`);
    expect(decodeRoomMessage(good).ok).toBe(true);
    const cases: [Uint8Array, RegExp][] = [
      [good.subarray(0, 255), /bucket/],
      [Uint8Array.of(1, ...good.subarray(1)), /version/], // version 1 was the sender-key rooms'
      [new Uint8Array(256).fill(0).map((_, i) => (i === 0 ? 2 : 0)), /padding/],
      [Uint8Array.from(good).fill(7, 200), /padding/],
      [padByHand('{"kind":"text"'), /JSON/],
      [padByHand(`{"kind":"shout","id":"${id}","ts":1,"body":"hi"}`), /invalid/],
      [padByHand(`{"kind":"text","id":"${id}","ts":1,"body":"hi","extra":1}`), /invalid/],
      [padByHand(`{"kind":"text","id":"${id}","ts":-1,"body":"hi"}`), /invalid/],
      [padByHand(`{"kind":"text","id":"${id}","ts":1,"body":"hi","ttl":1.5}`), /invalid/],
      [padByHand(`{"kind":"unsend","id":"${id}","ts":1}`), /invalid/],
      [Uint8Array.from([2, 0xff, 0xfe, 0x80, ...new Uint8Array(252)]), /UTF-8/],
    ];
    for (const [bytes, reason] of cases) {
      const result = decodeRoomMessage(bytes);
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

  it('refuses a message of an unknown kind', () => {
    expect(() => encodeRoomMessage({ kind: 'shout' } as never)).toThrow(MessagePlaintextError);
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
