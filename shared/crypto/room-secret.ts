/**
 * Free-room link secrets and room ids (DESIGN.md "Rooms and end-to-end encryption"): a random
 * 32-byte secret S travels only in the share code; the server learns only
 * `roomId = b64u(SHA-256("anoghost/room/v1" ‖ S))`, from which S cannot be recovered.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, encodeB64u, encodeUtf8 } from '../encoding.ts';
import { abytes } from './bytes-assertions.ts';
import { generateRandomBytes } from './random-bytes.ts';

export const LINK_SECRET_LENGTH = 32; // bytes
const ROOM_ID_DOMAIN = 'anoghost/room/v1';

/** Draws a fresh link secret S for a new free room. */
export function generateLinkSecret(): Uint8Array {
  return generateRandomBytes(LINK_SECRET_LENGTH);
}

/** The room id (43 b64u chars) the server knows a free room by; S must be 32 bytes (`abytes`). */
export function deriveRoomId(linkSecret: Uint8Array): string {
  abytes(linkSecret, LINK_SECRET_LENGTH, 'linkSecret');
  return encodeB64u(sha256(concatBytes(encodeUtf8(ROOM_ID_DOMAIN), linkSecret)));
}
