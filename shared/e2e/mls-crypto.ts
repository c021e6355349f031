/**
 * The crypto provider every room's MLS group runs on (docs/rooms-mls.md "Crypto provider"), for the
 * one ciphersuite we use, MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 (RFC 9420 §17.1, 0x0001).
 *
 * ts-mls's default provider imports a WebCrypto key for every HMAC, every HKDF step and every
 * signature, so half its time is spent on key imports. Ours:
 * - SHA-256, HMAC and HKDF: `@noble/hashes`, synchronous (through shared/crypto/sha256-kdf.ts);
 * - Ed25519: the platform's WebCrypto when it passes the RFC 8032 self-test, else noble
 *   (shared/crypto/ed25519-signing.ts), with keys imported once: a signing key is cached by the
 *   identity of the key array (a `WeakMap`, never a copy of the secret, so the cache dies with the
 *   state that holds the key), a verifying key by value in a bounded map;
 * - HPKE, AES-GCM and randomness: ts-mls's own.
 * It computes the same bytes as the default provider (Ed25519 and HKDF are deterministic), so members
 * on either provider share a group; mls-crypto.test.ts runs such a group.
 */
import {
  type CiphersuiteImpl,
  type CiphersuiteName,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  type Signature,
} from 'ts-mls';
import {
  deriveEd25519PublicKey,
  type Ed25519Signer,
  type Ed25519Verifier,
  selectEd25519Backend,
} from '../crypto/ed25519-signing.ts';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import {
  hkdfExpandSha256,
  hkdfExtractSha256,
  hmacSha256,
  SHA256_LENGTH,
  sha256,
  verifyHmacSha256,
} from '../crypto/sha256-kdf.ts';
import { encodeHex } from '../encoding.ts';

/** The ciphersuite of every room (docs/rooms-mls.md "Library and ciphersuite"). */
export const ROOM_CIPHERSUITE: CiphersuiteName = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';
const ED25519_SEED_LENGTH = 32; // bytes
// WebCrypto's `exportKey('pkcs8')` of an Ed25519 key (what the default provider's keygen returns):
// a fixed 16-byte DER prefix, then the seed (RFC 8410 §7).
const PKCS8_ED25519_LENGTH = 48; // bytes
const MAX_CACHED_VERIFIERS = 2048; // public keys: a full room (256) many times over

/** A crypto provider for rooms: ours (`anoghost`) or ts-mls's default (tests and benchmarks only). */
export interface MlsCrypto {
  readonly name: 'anoghost' | 'ts-mls-default';
  /** For the modules of shared/e2e/ only. */
  readonly impl: CiphersuiteImpl;
}

let ours: Promise<MlsCrypto> | undefined;
let theirs: Promise<MlsCrypto> | undefined;
const signers = new WeakMap<Uint8Array, Promise<Ed25519Signer>>();

/** Our provider (memoized): noble hashes, cached WebCrypto Ed25519, ts-mls's HPKE and AEAD. */
export function getMlsCrypto(): Promise<MlsCrypto> {
  ours ??= buildOurs();
  return ours;
}

/** ts-mls's default provider, unchanged: the baseline for benchmarks and the interop test. */
export function getDefaultMlsCrypto(): Promise<MlsCrypto> {
  theirs ??= getCiphersuiteImpl(getCiphersuiteFromName(ROOM_CIPHERSUITE)).then((impl) => ({
    name: 'ts-mls-default' as const,
    impl,
  }));
  return theirs;
}

/**
 * Drops the cached signing key made for `signKey` (a group calls it in `close()`, before it zeroes
 * the key), so no imported copy of a wiped key outlives it.
 */
export function forgetSigningKey(signKey: Uint8Array): void {
  const signer = signers.get(signKey);
  signers.delete(signKey);
  void signer?.then((s) => s.wipe()).catch(() => undefined);
}

async function buildOurs(): Promise<MlsCrypto> {
  const base = await getCiphersuiteImpl(getCiphersuiteFromName(ROOM_CIPHERSUITE));
  const impl: CiphersuiteImpl = {
    ...base,
    hash: {
      digest: async (data) => sha256(data),
      mac: async (key, data) => hmacSha256(key, data),
      verifyMac: async (key, mac, data) => verifyHmacSha256(key, mac, data),
    },
    kdf: {
      size: SHA256_LENGTH,
      extract: async (salt, ikm) => hkdfExtractSha256(salt, ikm),
      expand: async (prk, info, length) => hkdfExpandSha256(prk, info, length),
    },
    signature: await createCachedEd25519(),
  };
  return { name: 'anoghost', impl };
}

async function createCachedEd25519(): Promise<Signature> {
  const backend = await selectEd25519Backend();
  const verifiers = new Map<string, Promise<Ed25519Verifier | undefined>>();
  const signerFor = (signKey: Uint8Array) => {
    let signer = signers.get(signKey);
    if (!signer) {
      signer = backend.createSigner(seedOf(signKey));
      signers.set(signKey, signer);
    }
    return signer;
  };
  const verifierFor = (publicKey: Uint8Array) => {
    const id = encodeHex(publicKey);
    let verifier = verifiers.get(id);
    if (verifier) {
      verifiers.delete(id); // re-insert: the map's order is least recently used first
    } else {
      verifier = backend.createVerifier(publicKey.slice()).catch(() => undefined); // not a valid point
      if (verifiers.size >= MAX_CACHED_VERIFIERS) verifiers.delete(verifiers.keys().next().value!);
    }
    verifiers.set(id, verifier);
    return verifier;
  };
  return {
    async sign(signKey, message) {
      return (await signerFor(signKey)).sign(message);
    },
    async verify(publicKey, message, signature) {
      const verifier = await verifierFor(publicKey);
      return (await verifier?.verify(signature, message)) ?? false;
    },
    async keygen() {
      const signKey = generateRandomBytes(ED25519_SEED_LENGTH);
      return { signKey, publicKey: deriveEd25519PublicKey(signKey) };
    },
  };
}

/** The 32-byte seed of a signing key: our keys are seeds; the default provider's are PKCS#8. */
function seedOf(signKey: Uint8Array): Uint8Array {
  if (signKey.length === PKCS8_ED25519_LENGTH)
    return signKey.subarray(PKCS8_ED25519_LENGTH - ED25519_SEED_LENGTH);
  return signKey;
}
