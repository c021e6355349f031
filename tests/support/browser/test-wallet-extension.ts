/**
 * One test wallet per browser profile: copies tests/fixtures/test-wallet/ to a temp dir and writes
 * its `wallet-key.js` with a fresh Ed25519 key (node:crypto), so two profiles hold two wallets.
 * The fixture itself needs no build step.
 */
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeB64u, encodeBase58, encodeHex } from '../../../shared/encoding.ts';

const FIXTURE_DIR = new URL('../../fixtures/test-wallet/', import.meta.url).pathname;

export interface TestWalletProfile {
  /** The unpacked extension directory to load. */
  dir: string;
  /** The wallet's address (base58). */
  address: string;
}

/** `signIn`: the wallet also offers `solana:signIn` (which the bridge then prefers). */
export function prepareTestWallet(options: { signIn?: boolean } = {}): TestWalletProfile {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  const seed = decodeB64u(jwk.d ?? '');
  const publicKey = decodeB64u(jwk.x ?? '');
  if (!seed || !publicKey) throw new Error('could not generate the test wallet key');
  const dir = mkdtempSync(join(tmpdir(), 'anoghost-test-wallet-'));
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  const value = {
    seedHex: encodeHex(seed),
    publicKeyHex: encodeHex(publicKey),
    address: encodeBase58(publicKey),
    signIn: options.signIn ?? false,
  };
  writeFileSync(
    join(dir, 'wallet-key.js'),
    `globalThis.__ANOGHOST_TEST_WALLET_KEY__ = ${JSON.stringify(value)};\n`,
  );
  return { dir, address: value.address };
}
