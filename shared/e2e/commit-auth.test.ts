import { describe, expect, it } from 'vitest';
import { deriveEd25519PublicKey } from '../crypto/ed25519-signing.ts';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { concatBytes, encodeHex, encodeUtf8 } from '../encoding.ts';
import { type CommitAuthFields, commitAuthBytes, signCommitAuth, verifyCommitAuth } from './commit-auth.ts';

const FIELDS: CommitAuthFields = {
  handle: 'h',
  epoch: 7,
  commit: Uint8Array.of(1, 2, 3),
  groupInfo: Uint8Array.of(4, 5),
  nextKey: new Uint8Array(32).fill(9),
};
// "anoghost/commit/v2\nh\n7\n" ‖ SHA-256(01 02 03) ‖ SHA-256(04 05) ‖ 09×32, computed once and pinned.
const PINNED_BYTES =
  '616e6f67686f73742f636f6d6d69742f76320a680a370a' +
  '039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81' +
  '2fa1b377bf67309f65e5e7bc9d924345ca648dec4e601a398a9cb497dcba3765' +
  '09'.repeat(32);

async function webSha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
}

/** Every way to change one input: each field, each byte of each byte field. */
function tamperedFields(fields: CommitAuthFields): [string, CommitAuthFields][] {
  const out: [string, CommitAuthFields][] = [
    ['handle', { ...fields, handle: `${fields.handle}x` }],
    ['handle case', { ...fields, handle: fields.handle.toUpperCase() }],
    ['epoch + 1', { ...fields, epoch: fields.epoch + 1 }],
    ['epoch − 1', { ...fields, epoch: fields.epoch - 1 }],
    ['commit null', { ...fields, commit: null }],
    ['commit longer', { ...fields, commit: concatBytes(fields.commit!, Uint8Array.of(0)) }],
    ['groupInfo shorter', { ...fields, groupInfo: fields.groupInfo.subarray(1) }],
  ];
  for (const name of ['commit', 'groupInfo', 'nextKey'] as const) {
    const bytes = fields[name]!;
    for (let i = 0; i < bytes.length; i++) {
      const changed = bytes.slice();
      changed[i]! ^= 0x01;
      out.push([`${name}[${i}]`, { ...fields, [name]: changed }]);
    }
  }
  return out;
}

describe('commit auth bytes', () => {
  it('are exactly PROTOCOL.md §3: the header, two SHA-256s and nextKey', async () => {
    const bytes = commitAuthBytes(FIELDS);
    expect(encodeHex(bytes)).toBe(PINNED_BYTES);
    const byHand = concatBytes(
      encodeUtf8('anoghost/commit/v2\nh\n7\n'),
      await webSha256(FIELDS.commit!),
      await webSha256(FIELDS.groupInfo),
      FIELDS.nextKey,
    );
    expect(bytes).toEqual(byHand);
  });

  it('hash an empty commit for null (the epoch-0 frame)', async () => {
    const bytes = commitAuthBytes({ ...FIELDS, epoch: 0, commit: null });
    expect(bytes.subarray(23, 55)).toEqual(await webSha256(new Uint8Array(0)));
    expect(commitAuthBytes({ ...FIELDS, commit: null })).toEqual(
      commitAuthBytes({ ...FIELDS, commit: new Uint8Array(0) }),
    );
  });

  it('refuse malformed fields', () => {
    expect(() => commitAuthBytes({ ...FIELDS, handle: '' })).toThrow(TypeError);
    for (const epoch of [-1, 1.5, Number.NaN, 2 ** 53]) {
      expect(() => commitAuthBytes({ ...FIELDS, epoch })).toThrow(RangeError);
    }
    expect(() => commitAuthBytes({ ...FIELDS, nextKey: new Uint8Array(31) })).toThrow(RangeError);
    expect(() => commitAuthBytes({ ...FIELDS, groupInfo: 'x' as unknown as Uint8Array })).toThrow(TypeError);
  });
});

describe('commit auth signature', () => {
  it('verifies under the signing key only, and fails when any byte of any input changes', async () => {
    const seed = generateRandomBytes(32);
    const publicKey = deriveEd25519PublicKey(seed);
    const fields = { ...FIELDS, commit: generateRandomBytes(40), groupInfo: generateRandomBytes(24) };
    const auth = await signCommitAuth(fields, seed);
    expect(auth).toHaveLength(64);
    expect(await verifyCommitAuth(fields, auth, publicKey)).toBe(true);
    for (const [name, changed] of tamperedFields(fields)) {
      expect(await verifyCommitAuth(changed, auth, publicKey), name).toBe(false);
    }
    for (let i = 0; i < auth.length; i++) {
      const forged = auth.slice();
      forged[i]! ^= 0x80;
      expect(await verifyCommitAuth(fields, forged, publicKey), `auth[${i}]`).toBe(false);
    }
    const otherKey = deriveEd25519PublicKey(generateRandomBytes(32));
    expect(await verifyCommitAuth(fields, auth, otherKey)).toBe(false);
  });

  it('never throws on malformed input: it answers false', async () => {
    const seed = generateRandomBytes(32);
    const auth = await signCommitAuth(FIELDS, seed);
    const publicKey = deriveEd25519PublicKey(seed);
    const notAPoint = new Uint8Array(32).fill(0xff);
    const cases: [CommitAuthFields, unknown, unknown][] = [
      [FIELDS, auth.subarray(1), publicKey],
      [FIELDS, 'auth', publicKey],
      [FIELDS, auth, publicKey.subarray(1)],
      [FIELDS, auth, notAPoint],
      [FIELDS, auth, undefined],
      [{ ...FIELDS, epoch: -3 }, auth, publicKey],
      [{ ...FIELDS, nextKey: new Uint8Array(0) }, auth, publicKey],
    ];
    for (const [fields, signature, key] of cases) {
      expect(await verifyCommitAuth(fields, signature as Uint8Array, key as Uint8Array)).toBe(false);
    }
  });
});
