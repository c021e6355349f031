/**
 * Names under which the Redis store keeps rooms and rate-limit buckets (DESIGN.md "Scaling out").
 * A keyed hash with a master-derived key, so Redis key names and channels never show a room id or
 * an address, while every instance sharing `ANOGHOST_MASTER_KEY` computes the same name.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeContext } from '../../shared/crypto/derivation-context.ts';
import { encodeB64u } from '../../shared/encoding.ts';
import { deriveMasterSubkey } from './master-derivations.ts';

const NAME_BYTES = 16; // 22 base64url characters: collisions stay negligible

/** Derives the naming function from the master key; the derived key is held by the closure only. */
export function createStoreNamer(master: Uint8Array): (purpose: string, value: string) => string {
  const key = deriveMasterSubkey(master, 'anoghost/store-name/v1');
  return (purpose, value) =>
    encodeB64u(
      hmac(sha256, key, encodeContext(`anoghost/store-name/${purpose}/v1`, value)).subarray(0, NAME_BYTES),
    );
}
