/**
 * The ~1 KB `ct` every load-generator message carries, the same for all three servers. Its first
 * 12 base64url characters are a header the receiver reads straight from the frame bytes, without
 * parsing JSON: 9 characters of send time (µs on a clock shared by processes on this machine) and
 * 3 of the sender's index. The rest is random base64url filler.
 */
import { randomBytes } from 'node:crypto';

export const CT_CHARS = 1024; // base64url characters (768 bytes of "ciphertext")
const TIME_CHARS = 9; // 54 bits of µs
const SENDER_CHARS = 3; // 18 bits: up to 262,144 senders

const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 'latin1');
const VALUE_OF = new Uint8Array(256);
for (const [value, char] of ALPHABET.entries()) VALUE_OF[char] = value;

/**
 * Now in µs since the Unix epoch, sub-ms: `performance.timeOrigin` is this process's start on the
 * system clock, so the value compares across processes on one machine (here the sender and the
 * receiver are even the same process).
 */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/** Random base64url filler of `CT_CHARS` characters, as the bytes of a frame template. */
export function fillerCt(): string {
  return randomBytes(CT_CHARS).toString('base64url').slice(0, CT_CHARS);
}

/** Writes the header (send time, sender) into the ct that starts at `offset` of `frame`. */
export function writeCtHeader(frame: Buffer, offset: number, sentUs: number, sender: number): void {
  writeDigits(frame, offset, TIME_CHARS, sentUs);
  writeDigits(frame, offset + TIME_CHARS, SENDER_CHARS, sender);
}

/** The send time in the ct that starts at `offset` of a received frame. */
export function readSentUs(frame: Buffer, offset: number): number {
  return readDigits(frame, offset, TIME_CHARS);
}

/** The sender index in the ct that starts at `offset` of a received frame. */
export function readSender(frame: Buffer, offset: number): number {
  return readDigits(frame, offset + TIME_CHARS, SENDER_CHARS);
}

function writeDigits(frame: Buffer, offset: number, digits: number, value: number): void {
  let rest = value;
  for (let i = digits - 1; i >= 0; i--) {
    frame[offset + i] = ALPHABET[rest % 64]!;
    rest = Math.floor(rest / 64);
  }
}

function readDigits(frame: Buffer, offset: number, digits: number): number {
  let value = 0;
  for (let i = 0; i < digits; i++) value = value * 64 + VALUE_OF[frame[offset + i]!]!;
  return value;
}
