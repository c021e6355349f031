/**
 * The sealed GroupInfo the server stores (docs/rooms-mls.md "Sealed GroupInfo"):
 * XChaCha20-Poly1305 under the GroupInfo key from S, random 24-byte nonce, `nonce ‖ ct ‖ tag`,
 * aad = `encodeContext("anoghost/group-info/v2", handle)`, over the MLSMessage(GroupInfo) bytes
 * (with its `external_pub` and `ratchet_tree` extensions). Whoever lacks S can neither read it nor
 * make one that opens; one sealed for another room does not open here.
 */
import { createAead } from '../crypto/aead.ts';
import { encodeContext } from '../crypto/derivation-context.ts';
import { wipe } from '../crypto/wipe.ts';
import { checkHandle, deriveGroupInfoKey } from './room-secrets.ts';

const GROUP_INFO_AAD_DOMAIN = 'anoghost/group-info/v2';

/** Seals MLSMessage(GroupInfo) bytes for the room `handle` under a key from `secret`. */
export function sealGroupInfo(secret: Uint8Array, handle: string, groupInfo: Uint8Array): Uint8Array {
  const key = deriveGroupInfoKey(secret, handle);
  try {
    return createAead(key).seal(groupInfo, groupInfoAad(handle));
  } finally {
    wipe(key);
  }
}

/** Opens a sealed GroupInfo; `undefined` when it was not sealed for this room and secret, or was altered. */
export function openGroupInfo(
  secret: Uint8Array,
  handle: string,
  sealed: Uint8Array,
): Uint8Array | undefined {
  const key = deriveGroupInfoKey(secret, handle);
  try {
    return createAead(key).open(sealed, groupInfoAad(handle));
  } finally {
    wipe(key);
  }
}

function groupInfoAad(handle: string): Uint8Array {
  return encodeContext(GROUP_INFO_AAD_DOMAIN, checkHandle(handle));
}
