/**
 * Names for in-memory tables that must not hold a wallet (or anything else identifying) in clear:
 * a keyed hash under a random key made when the process starts and never stored, so the names mean
 * nothing outside this process and nothing after it. Counters keyed by these names (chain budgets)
 * stay comparable within the process without keeping the value itself.
 */
import { randomBytes } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeContext } from '../../shared/crypto/derivation-context.ts';
import { encodeB64u } from '../../shared/encoding.ts';

const PROCESS_KEY_BYTES = 32;
const NAME_BYTES = 16; // 22 base64url characters: collisions stay negligible

/** A naming function for `purpose` under a fresh random key held by the closure only. */
export function createProcessNamer(purpose: string): (value: Uint8Array) => string {
  const key = new Uint8Array(randomBytes(PROCESS_KEY_BYTES));
  const domain = `anoghost/process-name/${purpose}/v1`;
  return (value) => encodeB64u(hmac(sha256, key, encodeContext(domain, value)).subarray(0, NAME_BYTES));
}
