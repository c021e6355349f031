import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { expectRefusesBadBytes } from '../../tests/support/invalid-bytes.ts';
import { decodeHex, encodeHex } from '../encoding.ts';
import {
  createWebCryptoEd25519,
  type Ed25519Backend,
  NOBLE_ED25519,
  passesSelfTest,
  selectEd25519Backend,
} from './ed25519-signing.ts';
import { generateRandomBytes } from './random-bytes.ts';

// RFC 8032 §7.1 TEST 1 and TEST 3.
const VECTORS = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

const WEBCRYPTO = createWebCryptoEd25519(globalThis.crypto.subtle);
const BACKENDS: Ed25519Backend[] = [NOBLE_ED25519, WEBCRYPTO];

describe.each(BACKENDS)('Ed25519 backend $name', (backend) => {
  it('signs and verifies the RFC 8032 vectors', async () => {
    for (const v of VECTORS) {
      const signer = await backend.createSigner(decodeHex(v.seed)!);
      const message = decodeHex(v.message)!;
      expect(encodeHex(await signer.sign(message))).toBe(v.signature);
      const verifier = await backend.createVerifier(decodeHex(v.publicKey)!);
      expect(await verifier.verify(decodeHex(v.signature)!, message)).toBe(true);
    }
  });

  it('rejects a flipped bit in the signature or message, and a short signature', async () => {
    const v = VECTORS[1]!;
    const verifier = await backend.createVerifier(decodeHex(v.publicKey)!);
    const signature = decodeHex(v.signature)!;
    for (const at of [0, 31, 32, 63]) {
      const bad = signature.slice();
      bad[at]! ^= 1;
      expect(await verifier.verify(bad, decodeHex(v.message)!)).toBe(false);
    }
    expect(await verifier.verify(signature, decodeHex('af83')!)).toBe(false);
    expect(await verifier.verify(signature.subarray(0, 63), decodeHex(v.message)!)).toBe(false);
  });

  it('refuses a public key that is not a curve point', async () => {
    const notAPoint = decodeHex('02'.padEnd(64, '0'))!;
    expect(() => ed25519.Point.fromBytes(notAPoint)).toThrow();
    await expect(backend.createVerifier(notAPoint)).rejects.toThrow();
  });

  it('refuses a seed or public key that is not 32 bytes', async () => {
    await expectRefusesBadBytes((seed) => backend.createSigner(seed), 32, 'seed');
    await expectRefusesBadBytes((key) => backend.createVerifier(key), 32, 'publicKey');
  });

  it('keeps its own seed copy: the caller may wipe its seed at once', async () => {
    const v = VECTORS[0]!;
    const seed = decodeHex(v.seed)!;
    const signer = await backend.createSigner(seed);
    seed.fill(0);
    expect(encodeHex(await signer.sign(decodeHex(v.message)!))).toBe(v.signature);
  });

  it('passes the self-test', async () => {
    expect(await passesSelfTest(backend)).toBe(true);
  });
});

describe('backend agreement', () => {
  it('both backends give identical signatures and accept each other', async () => {
    for (let i = 0; i < 20; i++) {
      const seed = generateRandomBytes(32);
      const message = generateRandomBytes(i * 50);
      const publicKey = ed25519.getPublicKey(seed);
      const [a, b] = await Promise.all(
        BACKENDS.map(async (be) => (await be.createSigner(seed)).sign(message)),
      );
      expect(encodeHex(a!)).toBe(encodeHex(b!));
      expect(await (await NOBLE_ED25519.createVerifier(publicKey)).verify(b!, message)).toBe(true);
      expect(await (await WEBCRYPTO.createVerifier(publicKey)).verify(a!, message)).toBe(true);
    }
  });

  it('selects WebCrypto in Node 20+', async () => {
    expect((await selectEd25519Backend()).name).toBe('webcrypto');
  });

  it('a WebCrypto that signs wrongly fails the self-test', async () => {
    const broken = createWebCryptoEd25519({
      ...globalThis.crypto.subtle,
      importKey: globalThis.crypto.subtle.importKey.bind(globalThis.crypto.subtle),
      verify: async () => true,
      sign: async () => new ArrayBuffer(64),
    } as SubtleCrypto);
    expect(await passesSelfTest(broken)).toBe(false);
  });
});
