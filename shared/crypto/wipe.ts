/**
 * Key material is wiped when done (STYLE.md §8), through this one helper (after noble-ciphers'
 * `clean`). JavaScript gives no guarantee that no copy survives elsewhere (a GC move, a string),
 * but zeroing the arrays we own keeps secrets out of later heap dumps and out of reused buffers.
 */

/** Zero-fills every given array; `undefined` entries (an optional key never set) are skipped. */
export function wipe(...arrays: (Uint8Array | undefined)[]): void {
  for (const array of arrays) array?.fill(0);
}
