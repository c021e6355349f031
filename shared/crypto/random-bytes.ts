/**
 * The one source of randomness for the E2E code: the platform CSPRNG (`crypto.getRandomValues`,
 * via noble). Keeping it in one place lets non-crypto modules (message ids, share codes) avoid
 * importing `@noble/*` themselves (STYLE.md §3).
 */
import { randomBytes } from '@noble/hashes/utils.js';

/** Returns `length` bytes from the platform CSPRNG. */
export function generateRandomBytes(length: number): Uint8Array {
  return randomBytes(length);
}
