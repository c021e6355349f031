import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it, vi } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { concatBytes, encodeB64u, encodeHex, encodeUtf8 } from '../encoding.ts';
import { MAX_CHAT_NAME_CHARS, MAX_INVITE_ENVELOPE_BYTES } from '../protocol/limits.ts';
import { createAead } from './aead.ts';
import { encodeContext } from './derivation-context.ts';
import {
  INVITE_ENVELOPE_MIN_BYTES,
  INVITE_NAME_MAX_CHARS,
  INVITE_PAD_BLOCK,
  type InvitePayload,
  InvitePayloadError,
  openInviteEnvelope,
  sealInviteEnvelope,
} from './invite-envelope.ts';

// The random source, pinned only where a test asks for it (ephemeral secret, then nonce).
const pinned = vi.hoisted(() => ({ draws: [] as Uint8Array[] }));
vi.mock('./random-bytes.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('./random-bytes.ts')>();
  return {
    generateRandomBytes: (length: number) =>
      pinned.draws.shift()?.slice() ?? real.generateRandomBytes(length),
  };
});

const inviteSecret = new Uint8Array(32).map((_, i) => i + 1);
const invitePublic = x25519.getPublicKey(inviteSecret);
const PAYLOAD: InvitePayload = {
  v: 2,
  secret: encodeB64u(new Uint8Array(32).fill(7)),
  name: 'Plans for Friday',
  ttl: 3600,
  expiresAt: 1_800_000_000_000,
};

describe('format', () => {
  it('is ephemeral ‖ XChaCha20-Poly1305 under HKDF(X25519) with the documented context, byte for byte', () => {
    const ephemeralSecret = new Uint8Array(32).fill(9);
    const nonce = new Uint8Array(24).fill(5);
    pinned.draws = [ephemeralSecret, nonce];
    const envelope = sealInviteEnvelope(invitePublic, PAYLOAD);
    pinned.draws = [];
    // Rebuilt independently from the primitives.
    const ephemeralPublic = x25519.getPublicKey(ephemeralSecret);
    const ctx = concatBytes(
      encodeUtf8('anoghost/invite-envelope/v2'),
      Uint8Array.of(0, 32),
      ephemeralPublic,
      Uint8Array.of(0, 32),
      invitePublic,
    );
    expect(encodeContext('anoghost/invite-envelope/v2', ephemeralPublic, invitePublic)).toEqual(ctx);
    const key = hkdf(sha256, x25519.getSharedSecret(ephemeralSecret, invitePublic), undefined, ctx, 32);
    const json = encodeUtf8(JSON.stringify(PAYLOAD));
    const plaintext = new Uint8Array(INVITE_PAD_BLOCK).fill(0x20);
    plaintext.set(json);
    const expected = concatBytes(
      ephemeralPublic,
      nonce,
      xchacha20poly1305(key, nonce, ctx).encrypt(plaintext),
    );
    expect(encodeHex(envelope)).toBe(encodeHex(expected));
    expect(envelope).toHaveLength(INVITE_ENVELOPE_MIN_BYTES);
    expect(openInviteEnvelope(inviteSecret, envelope)).toEqual(PAYLOAD);
  });

  it('round-trips every option and draws a fresh ephemeral key each time', () => {
    const full: InvitePayload = { ...PAYLOAD, msgTtl: 60, ttl: 2_592_000 };
    const a = sealInviteEnvelope(invitePublic, full);
    const b = sealInviteEnvelope(invitePublic, full);
    expect(encodeHex(a.subarray(0, 32))).not.toBe(encodeHex(b.subarray(0, 32)));
    expect(openInviteEnvelope(inviteSecret, a)).toEqual(full);
    expect(openInviteEnvelope(inviteSecret, b)).toEqual(full);
  });

  it('pads so the size says nothing about the name, and the largest envelope fits the wire bound', () => {
    const short = sealInviteEnvelope(invitePublic, { ...PAYLOAD, name: 'x' });
    const long = sealInviteEnvelope(invitePublic, { ...PAYLOAD, name: 'y'.repeat(60) });
    expect(short.length).toBe(long.length);
    expect(INVITE_NAME_MAX_CHARS).toBe(MAX_CHAT_NAME_CHARS);
    // The worst name: every character escaped by JSON (6 bytes) at the longest options.
    const worst: InvitePayload = {
      ...PAYLOAD,
      name: '\u0001'.repeat(INVITE_NAME_MAX_CHARS),
      ttl: 2_592_000,
      msgTtl: 2_592_000,
      expiresAt: Number.MAX_SAFE_INTEGER,
    };
    const envelope = sealInviteEnvelope(invitePublic, worst);
    expect(envelope.length).toBeLessThanOrEqual(MAX_INVITE_ENVELOPE_BYTES);
    expect(openInviteEnvelope(inviteSecret, envelope)).toEqual(worst);
  });
});

describe('tamper → reject', () => {
  const envelope = sealInviteEnvelope(invitePublic, PAYLOAD);

  it('refuses the envelope with any one byte flipped', () => {
    for (let at = 0; at < envelope.length; at++) {
      const bad = envelope.slice();
      bad[at]! ^= 0x01;
      expect(openInviteEnvelope(inviteSecret, bad), `byte ${at}`).toBeUndefined();
    }
  });

  it('refuses every truncation and an appended byte', () => {
    for (let length = 0; length < envelope.length; length++) {
      expect(
        openInviteEnvelope(inviteSecret, envelope.subarray(0, length)),
        `length ${length}`,
      ).toBeUndefined();
    }
    expect(openInviteEnvelope(inviteSecret, Uint8Array.of(...envelope, 0))).toBeUndefined();
  });

  it('refuses another invite key, and an envelope sealed to another one', () => {
    const other = inviteSecret.slice();
    other[0]! ^= 0x40;
    expect(openInviteEnvelope(other, envelope)).toBeUndefined();
    const elsewhere = sealInviteEnvelope(x25519.getPublicKey(other), PAYLOAD);
    expect(openInviteEnvelope(inviteSecret, elsewhere)).toBeUndefined();
    expect(openInviteEnvelope(other, elsewhere)).toEqual(PAYLOAD);
  });

  it('refuses a low-order ephemeral key', () => {
    const bad = envelope.slice();
    bad.fill(0, 0, 32);
    expect(openInviteEnvelope(inviteSecret, bad)).toBeUndefined();
  });

  /** A well-sealed envelope around any plaintext, as a faulty or hostile sealer could make one. */
  function sealRaw(plaintext: Uint8Array): Uint8Array {
    const ephemeralSecret = new Uint8Array(32).fill(3);
    const ephemeralPublic = x25519.getPublicKey(ephemeralSecret);
    const ctx = encodeContext('anoghost/invite-envelope/v2', ephemeralPublic, invitePublic);
    const key = hkdf(sha256, x25519.getSharedSecret(ephemeralSecret, invitePublic), undefined, ctx, 32);
    return concatBytes(ephemeralPublic, createAead(key).seal(plaintext, ctx));
  }
  const padded = (text: string, block = INVITE_PAD_BLOCK) => {
    const bytes = new Uint8Array(Math.ceil(Math.max(1, text.length) / block) * block).fill(0x20);
    bytes.set(encodeUtf8(text));
    return bytes;
  };

  it('opens a raw seal of a good payload (the helper is right)', () => {
    expect(openInviteEnvelope(inviteSecret, sealRaw(padded(JSON.stringify(PAYLOAD))))).toEqual(PAYLOAD);
  });

  it.each([
    ['version 1', { ...PAYLOAD, v: 1 }],
    ['no secret', { ...PAYLOAD, secret: undefined }],
    ['a 31-byte secret', { ...PAYLOAD, secret: encodeB64u(new Uint8Array(31)) }],
    ['an empty name', { ...PAYLOAD, name: '' }],
    ['a name too long', { ...PAYLOAD, name: 'n'.repeat(65) }],
    ['a fractional ttl', { ...PAYLOAD, ttl: 1.5 }],
    ['a string expiry', { ...PAYLOAD, expiresAt: '1800000000000' }],
    ['an extra field', { ...PAYLOAD, wallet: 'x' }],
    ['an array', [PAYLOAD]],
  ])('refuses a sealed payload with %s', (_name, payload) => {
    expect(openInviteEnvelope(inviteSecret, sealRaw(padded(JSON.stringify(payload))))).toBeUndefined();
  });

  it('refuses a plaintext that is not padded JSON in UTF-8', () => {
    expect(openInviteEnvelope(inviteSecret, sealRaw(encodeUtf8(JSON.stringify(PAYLOAD))))).toBeUndefined();
    expect(openInviteEnvelope(inviteSecret, sealRaw(padded('{"v":2,')))).toBeUndefined();
    const invalidUtf8 = padded(JSON.stringify(PAYLOAD));
    invalidUtf8[INVITE_PAD_BLOCK - 1] = 0xff;
    expect(openInviteEnvelope(inviteSecret, sealRaw(invalidUtf8))).toBeUndefined();
  });
});

describe('input validation', () => {
  it('refuses keys that are not 32 bytes, naming them', async () => {
    await expectRefusesBadBytes((key) => sealInviteEnvelope(key, PAYLOAD), 32, 'inviteePublicKey');
    const envelope = sealInviteEnvelope(invitePublic, PAYLOAD);
    await expectRefusesBadBytes((key) => openInviteEnvelope(key, envelope), 32, 'inviteSecretKey');
  });

  it('refuses to seal a payload that does not match the schema', () => {
    expect(() => sealInviteEnvelope(invitePublic, { ...PAYLOAD, name: '' })).toThrow(InvitePayloadError);
    expect(() => sealInviteEnvelope(invitePublic, { ...PAYLOAD, v: 3 } as never)).toThrow(InvitePayloadError);
  });

  it('refuses to seal to a low-order public key', () => {
    expect(() => sealInviteEnvelope(new Uint8Array(32), PAYLOAD)).toThrow();
  });
});
