/**
 * The payload of a `signal` frame (PROTOCOL.md §3) before its pairwise seal: one member's sender
 * chain, handed to one other member.
 *
 * Layout (41 bytes):
 * ```
 * offset size
 *   0     1   type = 0x01 (sender chain, version 1)
 *   1     4   chain id, u32 big-endian
 *   5     4   index of the first message this chain key opens, u32 big-endian
 *   9    32   chain key
 * ```
 */
import { abytes } from '../crypto/bytes-assertions.ts';
import { CHAIN_KEY_LENGTH } from '../crypto/sender-chain.ts';

export const CHAIN_DISTRIBUTION_TYPE = 0x01;
export const CHAIN_DISTRIBUTION_LENGTH = 9 + CHAIN_KEY_LENGTH; // bytes

/** One member's sender chain as another member installs it. */
export interface ChainDistribution {
  chainId: number;
  startIndex: number;
  chainKey: Uint8Array;
}

/** Encodes a chain (its key must be 32 bytes) for sealing; the caller wipes the result after sealing. */
export function encodeChainDistribution(chain: ChainDistribution): Uint8Array {
  abytes(chain.chainKey, CHAIN_KEY_LENGTH, 'chainKey');
  const out = new Uint8Array(CHAIN_DISTRIBUTION_LENGTH);
  const view = new DataView(out.buffer);
  out[0] = CHAIN_DISTRIBUTION_TYPE;
  view.setUint32(1, chain.chainId);
  view.setUint32(5, chain.startIndex);
  out.set(chain.chainKey, 9);
  return out;
}

/** Decodes an opened payload; `undefined` for any other type or length. */
export function decodeChainDistribution(bytes: Uint8Array): ChainDistribution | undefined {
  if (bytes.length !== CHAIN_DISTRIBUTION_LENGTH || bytes[0] !== CHAIN_DISTRIBUTION_TYPE) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { chainId: view.getUint32(1), startIndex: view.getUint32(5), chainKey: bytes.slice(9) };
}
