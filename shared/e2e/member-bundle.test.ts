import { describe, expect, it } from 'vitest';
import { deriveMemberKeys } from '../crypto/member-keys.ts';
import { decodeB64u, encodeB64u } from '../encoding.ts';
import { MAX_BUNDLE_BYTES } from '../protocol/limits.ts';
import { createMemberBundle, encodeMemberBundle, parseMemberBundle } from './member-bundle.ts';

const S = new Uint8Array(32).map((_, i) => i);
const A = deriveMemberKeys(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2));
const PINNED_WITH_PROOF =
  'AQGk4JKStlHCeLl3LFafX6m7E9kGtGq2jJ353CtECfiiCYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOUUGUGqxcb0m6YR3IeZ-MFercfBcWrRz80Py_C3vSAdvU';
const PINNED_NO_PROOF =
  'AQCk4JKStlHCeLl3LFafX6m7E9kGtGq2jJ353CtECfiiCYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU';

function tamper(bundle: string, at: number): string {
  const bytes = decodeB64u(bundle)!;
  bytes[at]! ^= 1;
  return encodeB64u(bytes);
}

describe('member bundle', () => {
  it('encodes the pinned layouts', () => {
    expect(encodeMemberBundle(A, S)).toBe(PINNED_WITH_PROOF);
    expect(encodeMemberBundle(A)).toBe(PINNED_NO_PROOF);
    expect(decodeB64u(PINNED_WITH_PROOF)).toHaveLength(98);
    expect(98).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  });

  it('round-trips; a free room needs a valid proof', () => {
    const { keys, bundle } = createMemberBundle(S);
    const parsed = parseMemberBundle(bundle, S);
    expect(parsed).toEqual({
      ok: true,
      hasProof: true,
      keys: { agreementPublic: keys.agreementPublic, signingPublic: keys.signingPublic },
    });
    expect(parseMemberBundle(PINNED_NO_PROOF, S)).toEqual({ ok: false, reason: 'missing_proof' });
    expect(parseMemberBundle(bundle, new Uint8Array(32))).toEqual({ ok: false, reason: 'bad_proof' });
  });

  it('a paid room (no S) accepts bundles with or without a proof', () => {
    expect(parseMemberBundle(PINNED_NO_PROOF)).toMatchObject({ ok: true, hasProof: false });
    expect(parseMemberBundle(PINNED_WITH_PROOF)).toMatchObject({ ok: true, hasProof: true });
  });

  it('rejects a flipped bit in a key or the proof', () => {
    for (const at of [2, 33, 34, 65, 66, 97]) {
      const result = parseMemberBundle(tamper(PINNED_WITH_PROOF, at), S);
      expect(result.ok, `byte ${at}`).toBe(false);
    }
    expect(parseMemberBundle(tamper(PINNED_WITH_PROOF, 2), S)).toEqual({ ok: false, reason: 'bad_proof' });
  });

  it('rejects malformed bundles', () => {
    expect(parseMemberBundle('not b64u!', S)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseMemberBundle(PINNED_WITH_PROOF.slice(0, 40), S)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseMemberBundle(tamper(PINNED_WITH_PROOF, 0), S)).toEqual({
      ok: false,
      reason: 'unsupported_version',
    });
    expect(parseMemberBundle(tamper(PINNED_NO_PROOF, 1))).toEqual({ ok: false, reason: 'malformed' }); // says proof, has none
    const withFlag = decodeB64u(PINNED_NO_PROOF)!;
    withFlag[1] = 0x02;
    expect(parseMemberBundle(encodeB64u(withFlag))).toEqual({ ok: false, reason: 'malformed' });
    const badPoint = decodeB64u(PINNED_NO_PROOF)!;
    badPoint.set(new Uint8Array(32).fill(0xff), 34);
    expect(parseMemberBundle(encodeB64u(badPoint))).toEqual({ ok: false, reason: 'invalid_keys' });
    expect(parseMemberBundle(encodeB64u(new Uint8Array(MAX_BUNDLE_BYTES + 1)))).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
