import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { decodeB64u, encodeB64u, encodeUtf8 } from '../encoding.ts';
import { ROOM_ID_CHARS } from '../protocol/limits.ts';
import { deriveRoomId, generateLinkSecret, LINK_SECRET_LENGTH } from './room-secret.ts';

const S = new Uint8Array(32).map((_, i) => i);
const PINNED_ROOM_ID = 'dSKnPRuW1cSBEToO0hSMDqKXAlsfkRJbKz-PXmgExIM';

describe('room ids', () => {
  it('matches the pinned vector and an independent SHA-256', () => {
    expect(deriveRoomId(S)).toBe(PINNED_ROOM_ID);
    const independent = sha256(new Uint8Array([...encodeUtf8('anoghost/room/v1'), ...S]));
    expect(encodeB64u(independent)).toBe(PINNED_ROOM_ID);
  });

  it('is 43 b64u chars of 32 bytes and differs per secret', () => {
    const a = generateLinkSecret();
    const b = generateLinkSecret();
    expect(a.length).toBe(LINK_SECRET_LENGTH);
    expect(deriveRoomId(a)).toHaveLength(ROOM_ID_CHARS);
    expect(decodeB64u(deriveRoomId(a))).toHaveLength(32);
    expect(deriveRoomId(a)).not.toBe(deriveRoomId(b));
  });

  it('rejects a secret of the wrong length', () => {
    expect(() => deriveRoomId(new Uint8Array(31))).toThrow(RangeError);
  });

  it('refuses every non-byte secret and every length but 32', async () => {
    await expectRefusesBadBytes((secret) => deriveRoomId(secret), LINK_SECRET_LENGTH, 'linkSecret');
  });
});
