/**
 * Reads NFT keys back from the chain and decides whether they are this server's keys bound to a
 * given wallet (DESIGN.md "A key"): a Token-2022 mint with supply 1, no mint authority,
 * NonTransferable, TokenMetadata whose update authority is the treasury, and sealed attributes that
 * open under this server's key to that wallet. Only the last authenticates: anyone can hand a
 * mint's update authority to the treasury without its signature, so the shape checks merely turn
 * away what cannot be a key before any attribute is opened; the attributes, sealed with the mint's
 * address as associated data, cannot be copied to another mint or made without the master key.
 */
import { type Address, getAddressEncoder, type KeyPairSigner } from '@solana/kit';
import { getMintDecoder, getTokenDecoder, TOKEN_2022_PROGRAM_ADDRESS } from '@solana-program/token-2022';
import { equalBytesConstantTime } from '../../shared/crypto/constant-time.ts';
import type { MasterKeys } from '../crypto/master-derivations.ts';
import { openGhostAttribute, openRoomAttribute, type RoomAttribute } from './nft-attributes.ts';

export interface OpenedKey {
  mint: Address;
  room: RoomAttribute;
}

export type KeyVerdict = { ok: true; key: OpenedKey } | { ok: false; reason: string };

/** Checks one mint account's data against this server and `wallet`. Never throws. */
export function judgeKey(
  master: MasterKeys,
  treasury: KeyPairSigner,
  mint: Address,
  owner: Address,
  data: Uint8Array,
  wallet: Uint8Array,
): KeyVerdict {
  if (owner !== TOKEN_2022_PROGRAM_ADDRESS) return { ok: false, reason: 'not a Token-2022 mint' };
  let decoded: ReturnType<ReturnType<typeof getMintDecoder>['decode']>;
  try {
    decoded = getMintDecoder().decode(data);
  } catch {
    return { ok: false, reason: 'not a Token-2022 mint' };
  }
  if (decoded.supply !== 1n || decoded.decimals !== 0 || decoded.mintAuthority.__option !== 'None') {
    return { ok: false, reason: 'not a key: supply, decimals or mint authority differ' };
  }
  const extensions = decoded.extensions.__option === 'Some' ? decoded.extensions.value : [];
  if (!extensions.some((e) => e.__kind === 'NonTransferable'))
    return { ok: false, reason: 'not a soulbound key' };
  const metadata = extensions.find((e) => e.__kind === 'TokenMetadata');
  if (metadata?.__kind !== 'TokenMetadata') return { ok: false, reason: 'the key has no metadata' };
  const authority = metadata.updateAuthority.__option === 'Some' ? metadata.updateAuthority.value : undefined;
  if (authority !== treasury.address || metadata.mint !== mint)
    return { ok: false, reason: 'not issued by this server' };
  const mintBytes = new Uint8Array(getAddressEncoder().encode(mint));
  const ghostValue = metadata.additionalMetadata.get('ghost');
  const roomValue = metadata.additionalMetadata.get('room');
  const bound =
    ghostValue === undefined ? undefined : openGhostAttribute(master.attributeKey, mintBytes, ghostValue);
  const boundToWallet = bound !== undefined && equalBytesConstantTime(bound, wallet);
  bound?.fill(0);
  if (!boundToWallet) return { ok: false, reason: 'the key is not bound to you' };
  const room =
    roomValue === undefined ? undefined : openRoomAttribute(master.attributeKey, mintBytes, roomValue);
  if (!room) return { ok: false, reason: 'the key does not open' };
  return { ok: true, key: { mint, room } };
}

/** The mint of a token account held by `holder` with a positive amount, if it is one. */
export function heldMint(data: Uint8Array, holder: Address): Address | undefined {
  try {
    const token = getTokenDecoder().decode(data);
    return token.owner === holder && token.amount >= 1n ? token.mint : undefined;
  } catch {
    return undefined;
  }
}
