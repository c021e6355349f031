/**
 * Unambiguous byte strings for KDF `info`, AEAD associated data and signed messages: a domain
 * string (`anoghost/<purpose>/v1`) followed by each field with a 2-byte big-endian length prefix,
 * so no two different field lists ever encode to the same bytes.
 */
import { concatBytes, encodeUtf8 } from '../encoding.ts';
import { abytes } from './bytes-assertions.ts';

export const MAX_CONTEXT_FIELD_LENGTH = 0xffff; // bytes, what a u16 prefix can carry

/**
 * Encodes `domain ‖ (u16 len ‖ field)*`; strings are UTF-8. Throws a `RangeError` for a field
 * longer than `MAX_CONTEXT_FIELD_LENGTH` bytes and a `TypeError` for one that is neither a string
 * nor bytes.
 */
export function encodeContext(domain: string, ...fields: (string | Uint8Array)[]): Uint8Array {
  const parts: Uint8Array[] = [encodeUtf8(domain)];
  for (const field of fields) {
    const bytes = typeof field === 'string' ? encodeUtf8(field) : abytes(field, undefined, 'field');
    if (bytes.length > MAX_CONTEXT_FIELD_LENGTH) {
      throw new RangeError(`context field is longer than ${MAX_CONTEXT_FIELD_LENGTH} bytes`);
    }
    parts.push(Uint8Array.of(bytes.length >>> 8, bytes.length & 0xff), bytes);
  }
  return concatBytes(...parts);
}
