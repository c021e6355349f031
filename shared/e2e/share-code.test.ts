import { bech32m } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { deriveRoomId, generateLinkSecret } from '../crypto/room-secret.ts';
import {
  buildJoinUrl,
  buildKnockUrl,
  encodeKnockCode,
  encodeShareCode,
  parseShareInput,
  SHARE_CODE_CHARS,
} from './share-code.ts';

const S = new Uint8Array(32).map((_, i) => i);
const PINNED_CODE = 'ag1qqqqsyqcyq5rqwzqfpg9scrgwpugpzysnzs23v9ccrydpk8qarc0ssv0zlx';
const PINNED_KNOCK_CODE = 'ag1pw532w0gmjm2ufqg38g8dy9yvp63fwqjmr7g3yket8784u6qycjpsclv2v3';

function expectSecret(input: string, secret: Uint8Array) {
  expect(parseShareInput(input)).toEqual({ ok: true, kind: 'secret', linkSecret: secret });
}

function expectReason(input: string, pattern: RegExp) {
  const result = parseShareInput(input);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.reason).toMatch(pattern);
}

describe('share code', () => {
  it('encodes the pinned vector', () => {
    expect(encodeShareCode(S)).toBe(PINNED_CODE);
    expect(PINNED_CODE).toHaveLength(SHARE_CODE_CHARS);
  });

  it('round-trips codes and links, with whitespace and any case', () => {
    for (let i = 0; i < 20; i++) {
      const secret = generateLinkSecret();
      const code = encodeShareCode(secret);
      expectSecret(code, secret);
      expectSecret(`  ${code.toUpperCase()}\n`, secret);
      expectSecret(`${code.slice(0, 30)}\n${code.slice(30)}`, secret);
      expectSecret(buildJoinUrl('https://anoghost.example/', secret), secret);
      expectSecret(` ${buildJoinUrl('http://localhost:8787', secret)} `, secret);
    }
  });

  it('puts the code in the fragment of /join', () => {
    const url = new URL(buildJoinUrl('https://anoghost.example', S));
    expect(url.pathname).toBe('/join');
    expect(url.hash).toBe(`#${PINNED_CODE}`);
    expect(url.search).toBe('');
  });

  it('detects every single-character typo', () => {
    const alphabet = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
    for (let at = 3; at < PINNED_CODE.length; at++) {
      const replacement = alphabet[(alphabet.indexOf(PINNED_CODE[at]!) + 1 + (at % 31)) % 32]!;
      const typo = PINNED_CODE.slice(0, at) + replacement + PINNED_CODE.slice(at + 1);
      expectReason(typo, /typo|newer/);
    }
    // Two swapped neighbours.
    expectReason(
      `${PINNED_CODE.slice(0, 10)}${PINNED_CODE[11]}${PINNED_CODE[10]}${PINNED_CODE.slice(12)}`,
      /typo/,
    );
  });

  it('rejects garbage with a clear reason', () => {
    expectReason('', /enter a room code/);
    expectReason('hello world', /not an AnoGhost room code/);
    expectReason(PINNED_CODE.slice(0, -1), /too short/);
    expectReason(`${PINNED_CODE}q`, /too long/);
    expectReason(`${PINNED_CODE.slice(0, 20)}b${PINNED_CODE.slice(21)}`, /contains "b"/);
    expectReason('https://anoghost.example/join', /no room code/);
    expectReason(`https://anoghost.example/other#${PINNED_CODE}`, /not an AnoGhost join link/);
    expectReason('https://exa mple.com/join#x', /not a valid link/);
  });

  it('refuses to encode a link secret that is not 32 bytes', async () => {
    await expectRefusesBadBytes((secret) => encodeShareCode(secret), 32, 'linkSecret');
    await expectRefusesBadBytes(
      (secret) => buildJoinUrl('https://anoghost.example', secret),
      32,
      'linkSecret',
    );
  });

  it('rejects a code of another version', () => {
    const v2 = bech32m.encode('ag', [2, ...bech32m.toWords(S)]);
    expectReason(v2, /newer AnoGhost/);
  });

  it('reads knock addresses (version 1: the roomId) as their own kind, never as a secret', () => {
    const roomId = deriveRoomId(S);
    const code = encodeKnockCode(roomId);
    expect(code).toBe(PINNED_KNOCK_CODE);
    expect(code).toHaveLength(SHARE_CODE_CHARS);
    expect(code.startsWith('ag1p')).toBe(true);
    for (const input of [code, code.toUpperCase(), buildKnockUrl('https://anoghost.example/', roomId)]) {
      expect(parseShareInput(input)).toEqual({ ok: true, kind: 'knock', roomId });
    }
    // The same 32 bytes under the other version word mean something else: never confused.
    expect(parseShareInput(encodeShareCode(S))).toMatchObject({ kind: 'secret' });
    const typo = `${code.slice(0, 30)}${code[30] === 'q' ? 'p' : 'q'}${code.slice(31)}`;
    expectReason(typo, /typo/);
  });

  it('refuses to encode a knock address that is not a roomId', () => {
    for (const bad of ['', 'abc', 'A'.repeat(44), '!'.repeat(43), 32 as unknown as string]) {
      expect(() => encodeKnockCode(bad)).toThrow(TypeError);
    }
  });
});
