/**
 * Unambiguous byte strings for KDF `info`, AEAD associated data and signed messages: a domain
 * string (`anoghost/<purpose>/v1`) followed by each field with a 2-byte big-endian length prefix,
 * so no two different field lists ever encode to the same bytes.
 */
import { concatBytes, encodeUtf8 } from '../encoding.ts';

const MAX_FIELD_LENGTH = 0xffff; // bytes, what a u16 prefix can carry

/** Encodes `domain ‖ (u16 len ‖ field)*`; strings are UTF-8. */
export function encodeContext(domain: string, ...fields: (string | Uint8Array)[]): Uint8Array {
  const parts: Uint8Array[] = [encodeUtf8(domain)];
  for (const field of fields) {
    const bytes = typeof field === 'string' ? encodeUtf8(field) : field;
    if (bytes.length > MAX_FIELD_LENGTH) throw new RangeError('context field is longer than 65535 bytes');
    parts.push(Uint8Array.of(bytes.length >>> 8, bytes.length & 0xff), bytes);
  }
  return concatBytes(...parts);
}
