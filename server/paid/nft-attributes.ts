/**
 * The sealed additional-metadata values of an NFT key (DESIGN.md "Paid chats"): `room` (room id and
 * chat options) and `ghost` (the wallet the key is bound to). Sealed under a master-derived key with
 * a fresh nonce, bound to the mint address, so every key shows different values and values copied
 * into another mint do not open.
 *
 * `room`, version 2: `2 ‖ roomId (16) ‖ expiry (u32 s) ‖ msgTtl (u32 s, 0 = none)`, 25 bytes: no
 * chat name (it travels only in invitation envelopes). Version 1 (until issue #12) also carried a
 * sealed name; such keys still open, their name ignored.
 */
import { openAead, sealAead } from '../../shared/crypto/aead.ts';
import { encodeContext } from '../../shared/crypto/derivation-context.ts';
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';

const ROOM_ATTRIBUTE_VERSION = 2;
const ROOM_ID_BYTES = 16;
const ROOM_V2_BYTES = 1 + ROOM_ID_BYTES + 4 + 4;
const ROOM_V1_MIN_BYTES = ROOM_V2_BYTES + 2; // then flags, name length and the name
const WALLET_BYTES = 32;

export interface RoomAttribute {
  roomId: Uint8Array;
  /** Unix ms, whole seconds. */
  expiresAt: number;
  msgTtl: number | null;
}

export function sealRoomAttribute(key: Uint8Array, mint: Uint8Array, room: RoomAttribute): string {
  const plain = new Uint8Array(ROOM_V2_BYTES);
  const view = new DataView(plain.buffer);
  plain[0] = ROOM_ATTRIBUTE_VERSION;
  plain.set(room.roomId, 1);
  view.setUint32(1 + ROOM_ID_BYTES, Math.floor(room.expiresAt / 1000));
  view.setUint32(5 + ROOM_ID_BYTES, room.msgTtl ?? 0);
  return encodeB64u(sealAead(key, plain, encodeContext('anoghost/nft-room/v1', mint)));
}

export function openRoomAttribute(
  key: Uint8Array,
  mint: Uint8Array,
  value: string,
): RoomAttribute | undefined {
  const box = decodeB64u(value);
  const plain = box && openAead(key, box, encodeContext('anoghost/nft-room/v1', mint));
  if (!plain || !isRoomLayout(plain)) return undefined;
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  const msgTtl = view.getUint32(5 + ROOM_ID_BYTES);
  return {
    roomId: plain.slice(1, 1 + ROOM_ID_BYTES),
    expiresAt: view.getUint32(1 + ROOM_ID_BYTES) * 1000,
    msgTtl: msgTtl === 0 ? null : msgTtl,
  };
}

/** Version 2 exactly, or version 1 with its name length consistent. */
function isRoomLayout(plain: Uint8Array): boolean {
  if (plain[0] === ROOM_ATTRIBUTE_VERSION) return plain.length === ROOM_V2_BYTES;
  if (plain[0] !== 1 || plain.length < ROOM_V1_MIN_BYTES) return false;
  return plain.length === ROOM_V1_MIN_BYTES + plain[ROOM_V2_BYTES + 1]!;
}

export function sealGhostAttribute(key: Uint8Array, mint: Uint8Array, wallet: Uint8Array): string {
  return encodeB64u(sealAead(key, wallet, encodeContext('anoghost/nft-ghost/v1', mint)));
}

export function openGhostAttribute(key: Uint8Array, mint: Uint8Array, value: string): Uint8Array | undefined {
  const box = decodeB64u(value);
  const wallet = box && openAead(key, box, encodeContext('anoghost/nft-ghost/v1', mint));
  return wallet?.length === WALLET_BYTES ? wallet : undefined;
}
