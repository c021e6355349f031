/**
 * Invite key pairs (PROTOCOL.md §4, docs/extension.md "Paid chats (version 2)"): the X25519 key a client
 * makes for each ghostId it is given, whose public half goes into the ghost card
 * (ghost-card.ts) and whose secret half opens the invitation envelopes sealed to it
 * (invite-envelope.ts). A fresh pair per ghostId, so two cards share nothing.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { abytes } from './bytes-assertions.ts';
import { INVITE_SECRET_KEY_LENGTH } from './invite-envelope.ts';
import { generateRandomBytes } from './random-bytes.ts';

/** A fresh invite key pair; wipe `secretKey` when its ghostId's window ends. */
export interface InviteKeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** Makes a fresh X25519 invite key pair from the platform CSPRNG. */
export function generateInviteKeyPair(): InviteKeyPair {
  const secretKey = generateRandomBytes(INVITE_SECRET_KEY_LENGTH);
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

/** The public invite key of a 32-byte secret (`abytes`), e.g. one restored from session storage. */
export function inviteKeyOf(secretKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(abytes(secretKey, INVITE_SECRET_KEY_LENGTH, 'secretKey'));
}
