import { describe, expect, it } from 'vitest';
import { NOT_BYTES } from '../../tests/support/invalid-bytes.ts';
import { decodeHex, encodeHex, encodeUtf8 } from '../encoding.ts';
import { encodeContext, MAX_CONTEXT_FIELD_LENGTH } from './derivation-context.ts';

describe('encodeContext', () => {
  it('matches a byte string written out by hand: domain, then u16 length ‖ field each', () => {
    const context = encodeContext('ag/t/v1', 'xy', Uint8Array.of(0xff, 0x00, 0x01));
    // "ag/t/v1" = 61 67 2f 74 2f 76 31; "xy" = 00 02 78 79; bytes = 00 03 ff 00 01
    expect(encodeHex(context)).toBe('61672f742f7631' + '00027879' + '0003ff0001');
  });

  it('is the domain alone without fields, and 00 00 for an empty field', () => {
    expect(encodeContext('ag/t/v1')).toEqual(encodeUtf8('ag/t/v1'));
    expect(encodeHex(encodeContext('d', '', new Uint8Array(0)))).toBe('64' + '0000' + '0000');
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(encodeHex(encodeContext('d', 'é€'))).toBe('64' + '0005' + 'c3a9e282ac');
  });

  it('never encodes two different field lists the same', () => {
    const seen = new Set(
      [['ab', 'c'], ['a', 'bc'], ['abc'], ['abc', ''], ['', 'abc'], ['a', 'b', 'c']].map((fields) =>
        encodeHex(encodeContext('d', ...fields)),
      ),
    );
    expect(seen.size).toBe(6);
  });

  it('accepts a field of exactly 65535 bytes and refuses 65536, as bytes and as a string', () => {
    expect(MAX_CONTEXT_FIELD_LENGTH).toBe(65_535);
    const max = encodeContext('d', new Uint8Array(65_535).fill(7));
    expect(max).toHaveLength(1 + 2 + 65_535);
    expect(encodeHex(max.subarray(0, 4))).toBe('64ffff07');
    expect(encodeContext('d', 'a'.repeat(65_535))).toHaveLength(1 + 2 + 65_535);
    expect(() => encodeContext('d', new Uint8Array(65_536))).toThrow(RangeError);
    expect(() => encodeContext('d', 'a'.repeat(65_536))).toThrow(RangeError);
    expect(() => encodeContext('d', 'é'.repeat(32_768))).toThrow(RangeError); // 65536 UTF-8 bytes
  });

  it('is stable: the pinned encoding of a domain and two fields', () => {
    expect(encodeContext('anoghost/epoch-key/v1', '100', decodeHex('0102')!)).toEqual(
      decodeHex('616e6f67686f73742f65706f63682d6b65792f7631' + '0003313030' + '00020102'),
    );
  });

  it.each(NOT_BYTES.filter(([, value]) => typeof value !== 'string'))(
    'refuses %s as a field with a TypeError',
    (_name, value) => {
      expect(() => encodeContext('d', value as Uint8Array)).toThrow(TypeError);
    },
  );
});
