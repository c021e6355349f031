/** Constant-time byte comparison for MACs, proofs and pinned keys (STYLE.md §8). */
import { equalBytes } from '@noble/ciphers/utils.js';

/** True when `a` and `b` have equal length and contents; time depends only on the length. */
export function equalBytesConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  return equalBytes(a, b);
}
