/**
 * Byte encodings used on the wire (PROTOCOL.md "Conventions"): base64url without padding for bytes,
 * base58 for Solana addresses, UTF-8 for text. Decoders return `undefined` on malformed input so
 * callers at a boundary can turn that into a clear error.
 */
import { base58, base64urlnopad, hex } from '@scure/base';

const UTF8_ENCODER = new TextEncoder();
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true });
const B64U_PATTERN = /^[A-Za-z0-9_-]*$/;

/** Encodes bytes as base64url without padding. */
export function encodeB64u(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}

/** Decodes base64url without padding; `undefined` when the text is not canonical b64u. */
export function decodeB64u(text: string): Uint8Array | undefined {
  if (!B64U_PATTERN.test(text) || text.length % 4 === 1) return undefined;
  try {
    return base64urlnopad.decode(text);
  } catch {
    return undefined;
  }
}

/** Length in bytes that a b64u string of `chars` characters decodes to. */
export function b64uDecodedLength(chars: number): number {
  return Math.floor((chars * 3) / 4);
}

/** Encodes bytes as base58 (Solana addresses and signatures). */
export function encodeBase58(bytes: Uint8Array): string {
  return base58.encode(bytes);
}

/** Decodes base58; `undefined` when malformed. */
export function decodeBase58(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.length > 128) return undefined;
  try {
    return base58.decode(text);
  } catch {
    return undefined;
  }
}

/** Decodes a base58 Solana address (32 bytes); `undefined` otherwise. */
export function decodeAddress(text: string): Uint8Array | undefined {
  if (text.length < 32 || text.length > 44) return undefined;
  const bytes = decodeBase58(text);
  return bytes?.length === 32 ? bytes : undefined;
}

/** Encodes bytes as lowercase hex. */
export function encodeHex(bytes: Uint8Array): string {
  return hex.encode(bytes);
}

/** Decodes hex (either case); `undefined` when malformed. */
export function decodeHex(text: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) return undefined;
  return hex.decode(text.toLowerCase());
}

/** UTF-8 bytes of a string. */
export function encodeUtf8(text: string): Uint8Array {
  return UTF8_ENCODER.encode(text);
}

/** Strict UTF-8 decode; `undefined` for invalid sequences. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8_DECODER.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
