/**
 * A room message on the wire (the `ct` of `send`/`msg`, PROTOCOL.md §3): encrypted once with the
 * sender's next chain message key, signed with the sender's bundle Ed25519 key.
 *
 * Layout:
 * ```
 * offset size
 *   0     1   version = 0x01
 *   1     4   chain id, u32 big-endian
 *   5     4   message index in that chain, u32 big-endian
 *   9    24   nonce (random, drawn inside `sealAead`)
 *  33     n   XChaCha20-Poly1305(message key, padded plaintext, AAD) ‖ tag (16)
 *  33+n  64   Ed25519 signature over SIG_CONTEXT ‖ bytes 0..33+n
 * ```
 * AAD = `"anoghost/room-message/v1" ‖ lp(room) ‖ lp(sender id) ‖ lp(bytes 0..9)`;
 * SIG_CONTEXT = `"anoghost/room-message-signature/v1" ‖ lp(room) ‖ lp(sender id)`, so a message
 * cannot be replayed into another room or passed off as another member's.
 */
import { NONCE_LENGTH, openAead, sealAead, TAG_LENGTH } from '../crypto/aead.ts';
import { encodeContext } from '../crypto/derivation-context.ts';
import { SIGNATURE_LENGTH } from '../crypto/ed25519-signing.ts';
import { concatBytes } from '../encoding.ts';

export const SENDER_MESSAGE_VERSION = 0x01;
export const SENDER_HEADER_LENGTH = 9; // bytes: version, chain id, index
const AAD_DOMAIN = 'anoghost/room-message/v1';
const SIGNATURE_DOMAIN = 'anoghost/room-message-signature/v1';
const MIN_LENGTH = SENDER_HEADER_LENGTH + NONCE_LENGTH + TAG_LENGTH + SIGNATURE_LENGTH; // bytes

/** Who sent a message in which room; both ends build it from the frame. */
export interface SenderContext {
  room: string;
  senderId: string;
}

/** A parsed, not yet verified message. */
export interface ParsedSenderMessage {
  chainId: number;
  index: number;
  header: Uint8Array;
  /** `nonce ‖ ciphertext ‖ tag`. */
  box: Uint8Array;
  /** Header and box: the bytes the signature covers (after the context). */
  signedPart: Uint8Array;
  signature: Uint8Array;
}

/**
 * Encrypts a padded plaintext and returns the unsigned part (header ‖ box). Each message key seals
 * exactly one message, so its nonce need not be unique for safety; it is random anyway (drawn
 * inside `sealAead`), which keeps one box format for every seal and still protects us should a bug
 * ever reuse a message key.
 */
export function encryptSenderMessage(
  ctx: SenderContext,
  chainId: number,
  index: number,
  messageKey: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  const header = new Uint8Array(SENDER_HEADER_LENGTH);
  const view = new DataView(header.buffer);
  header[0] = SENDER_MESSAGE_VERSION;
  view.setUint32(1, chainId);
  view.setUint32(5, index);
  return concatBytes(header, sealAead(messageKey, plaintext, encodeAad(ctx, header)));
}

/** The exact bytes the Ed25519 signature covers. */
export function encodeSignedBytes(ctx: SenderContext, signedPart: Uint8Array): Uint8Array {
  return concatBytes(encodeContext(SIGNATURE_DOMAIN, ctx.room, ctx.senderId), signedPart);
}

/** Splits a message into its parts; `undefined` when too short or of another version. */
export function parseSenderMessage(bytes: Uint8Array): ParsedSenderMessage | undefined {
  if (bytes.length < MIN_LENGTH || bytes[0] !== SENDER_MESSAGE_VERSION) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signedEnd = bytes.length - SIGNATURE_LENGTH;
  return {
    chainId: view.getUint32(1),
    index: view.getUint32(5),
    header: bytes.subarray(0, SENDER_HEADER_LENGTH),
    box: bytes.subarray(SENDER_HEADER_LENGTH, signedEnd),
    signedPart: bytes.subarray(0, signedEnd),
    signature: bytes.subarray(signedEnd),
  };
}

/** Decrypts the box of a verified message; `undefined` when it does not authenticate. */
export function decryptSenderMessage(
  ctx: SenderContext,
  parsed: ParsedSenderMessage,
  messageKey: Uint8Array,
): Uint8Array | undefined {
  return openAead(messageKey, parsed.box, encodeAad(ctx, parsed.header));
}

function encodeAad(ctx: SenderContext, header: Uint8Array): Uint8Array {
  return encodeContext(AAD_DOMAIN, ctx.room, ctx.senderId, header);
}
