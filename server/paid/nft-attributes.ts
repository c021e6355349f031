/**
 * The sealed additional-metadata values of an NFT key (DESIGN.md "Paid chats"): `room` (room id and
 * chat options) and `ghost` (the recipient's wallet). Sealed under a master-derived key with a fresh
 * nonce, bound to the mint address, so every key shows different values and values copied into
 * another mint do not open.
 */
import { openAead, sealAead } from '../../shared/crypto/aead.ts';
import { encodeContext } from '../../shared/crypto/derivation-context.ts';
import { decodeB64u, decodeUtf8, encodeB64u, encodeUtf8 } from '../../shared/encoding.ts';

const ROOM_ATTRIBUTE_VERSION = 1;
const ROOM_ID_BYTES = 16;
const WALLET_BYTES = 32;
const FLAG_SEALED_NAME = 1;
const MAX_SEALED_NAME_BYTES = 255;

export interface RoomAttribute {
  roomId: Uint8Array;
  /** Unix ms, whole seconds. */
  expiresAt: number;
  msgTtl: number | null;
  /** The chat name when it is sealed (not shown on chain). */
  sealedName: string | null;
}

/** The chat name does not fit a sealed attribute. */
export class AttributeError extends Error {
  override name = 'AttributeError';
}

export function sealRoomAttribute(key: Uint8Array, mint: Uint8Array, room: RoomAttribute): string {
  const name = room.sealedName === null ? new Uint8Array() : encodeUtf8(room.sealedName);
  if (name.length > MAX_SEALED_NAME_BYTES) throw new AttributeError('chat name is too long to seal');
  const plain = new Uint8Array(1 + ROOM_ID_BYTES + 4 + 4 + 1 + 1 + name.length);
  const view = new DataView(plain.buffer);
  plain[0] = ROOM_ATTRIBUTE_VERSION;
  plain.set(room.roomId, 1);
  view.setUint32(1 + ROOM_ID_BYTES, Math.floor(room.expiresAt / 1000));
  view.setUint32(5 + ROOM_ID_BYTES, room.msgTtl ?? 0);
  plain[9 + ROOM_ID_BYTES] = room.sealedName === null ? 0 : FLAG_SEALED_NAME;
  plain[10 + ROOM_ID_BYTES] = name.length;
  plain.set(name, 11 + ROOM_ID_BYTES);
  return encodeB64u(sealAead(key, plain, encodeContext('anoghost/nft-room/v1', mint)));
}

export function openRoomAttribute(
  key: Uint8Array,
  mint: Uint8Array,
  value: string,
): RoomAttribute | undefined {
  const box = decodeB64u(value);
  const plain = box && openAead(key, box, encodeContext('anoghost/nft-room/v1', mint));
  if (!plain || plain.length < 11 + ROOM_ID_BYTES || plain[0] !== ROOM_ATTRIBUTE_VERSION) return undefined;
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  const flags = plain[9 + ROOM_ID_BYTES]!;
  const nameLength = plain[10 + ROOM_ID_BYTES]!;
  if (plain.length !== 11 + ROOM_ID_BYTES + nameLength) return undefined;
  const name = decodeUtf8(plain.subarray(11 + ROOM_ID_BYTES));
  if (name === undefined) return undefined;
  const msgTtl = view.getUint32(5 + ROOM_ID_BYTES);
  return {
    roomId: plain.slice(1, 1 + ROOM_ID_BYTES),
    expiresAt: view.getUint32(1 + ROOM_ID_BYTES) * 1000,
    msgTtl: msgTtl === 0 ? null : msgTtl,
    sealedName: flags & FLAG_SEALED_NAME ? name : null,
  };
}

export function sealGhostAttribute(key: Uint8Array, mint: Uint8Array, wallet: Uint8Array): string {
  return encodeB64u(sealAead(key, wallet, encodeContext('anoghost/nft-ghost/v1', mint)));
}

export function openGhostAttribute(key: Uint8Array, mint: Uint8Array, value: string): Uint8Array | undefined {
  const box = decodeB64u(value);
  const wallet = box && openAead(key, box, encodeContext('anoghost/nft-ghost/v1', mint));
  return wallet?.length === WALLET_BYTES ? wallet : undefined;
}
