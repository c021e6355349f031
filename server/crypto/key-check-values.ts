/**
 * The check values of `keys.check` (server/config/key-check.ts): one-way fingerprints that tell
 * whether the master key and the treasury are the ones a data dir was used with, and reveal
 * nothing else. The master's is a hash of a subkey derived for this purpose alone (never the key,
 * nor a subkey that serves anything else); the treasury's is a hash of its public address.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeContext } from '../../shared/crypto/derivation-context.ts';
import { wipe } from '../../shared/crypto/wipe.ts';
import { encodeHex } from '../../shared/encoding.ts';
import { deriveMasterSubkey } from './master-derivations.ts';

/** Hex SHA-256 of the master's `anoghost/key-check/v1` subkey. */
export function computeMasterCheck(master: Uint8Array): string {
  const subkey = deriveMasterSubkey(master, 'anoghost/key-check/v1');
  try {
    return encodeHex(sha256(subkey));
  } finally {
    wipe(subkey);
  }
}

/** Hex SHA-256 of the treasury's address under its own domain string. */
export function computeTreasuryCheck(address: string): string {
  return encodeHex(sha256(encodeContext('anoghost/key-check/treasury/v1', address)));
}
