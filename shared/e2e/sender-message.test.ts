import { describe, expect, it } from 'vitest';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { encodeHex } from '../encoding.ts';
import {
  decryptSenderMessage,
  encodeSignedBytes,
  encryptSenderMessage,
  parseSenderMessage,
} from './sender-message.ts';

const CTX = { room: 'room-1', senderId: 'alice' };
const KEY = new Uint8Array(32).fill(5);
const PLAINTEXT = new Uint8Array(256).fill(1);

function build() {
  const signedPart = encryptSenderMessage(CTX, 0x01020304, 7, KEY, PLAINTEXT);
  const signature = generateRandomBytes(64); // signatures are tested in sender-key-group.test.ts
  return parseSenderMessage(new Uint8Array([...signedPart, ...signature]))!;
}

describe('sender message', () => {
  it('lays out version, chain id and index in the header', () => {
    const parsed = build();
    expect(encodeHex(parsed.header)).toBe('010102030400000007');
    expect(parsed.chainId).toBe(0x01020304);
    expect(parsed.index).toBe(7);
    expect(parsed.box.length).toBe(24 + 256 + 16);
    expect(decryptSenderMessage(CTX, parsed, KEY)).toEqual(PLAINTEXT);
  });

  it('binds room and sender into the AAD and the signed bytes', () => {
    const parsed = build();
    expect(decryptSenderMessage({ ...CTX, room: 'room-2' }, parsed, KEY)).toBeUndefined();
    expect(decryptSenderMessage({ ...CTX, senderId: 'bob' }, parsed, KEY)).toBeUndefined();
    const signed = encodeHex(encodeSignedBytes(CTX, parsed.signedPart));
    expect(encodeHex(encodeSignedBytes({ ...CTX, room: 'room-2' }, parsed.signedPart))).not.toBe(signed);
    expect(encodeHex(encodeSignedBytes({ ...CTX, senderId: 'bob' }, parsed.signedPart))).not.toBe(signed);
  });

  it('rejects a changed header (AAD) and short input', () => {
    const parsed = build();
    const header = parsed.header.slice();
    header[8]! ^= 1;
    expect(decryptSenderMessage(CTX, { ...parsed, header }, KEY)).toBeUndefined();
    expect(parseSenderMessage(new Uint8Array(100))).toBeUndefined();
  });
});
