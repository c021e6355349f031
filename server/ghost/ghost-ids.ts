/**
 * ghostIds (PROTOCOL.md §2, DESIGN.md "Identity"): the wallet address sealed under the current
 * epoch's random key. Layout before base64url: version(1) ‖ epoch(4, big-endian) ‖ nonce(16) ‖
 * sealed wallet(32 + 16 tag) = 69 bytes = 92 characters. The epoch travels in clear so the key is
 * found at once; it is authenticated, so a tampered ghostId is simply not live.
 */
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';
import { openUnderEpochKey, sealUnderEpochKey } from '../crypto/ghost-seal.ts';
import type { EpochKeyring } from './epoch-keys.ts';

const GHOST_ID_VERSION = 1;
const HEADER_BYTES = 5;
const WALLET_BYTES = 32;
export const GHOST_ID_CHARS = 92;

export interface GhostIssue {
  ghostId: string;
  issuedAt: number;
  rotatesAt: number;
  liveUntil: number;
}

/** Issues and opens ghostIds against an epoch keyring. */
export class GhostIds {
  constructor(private readonly keyring: EpochKeyring) {}

  /** Seals `wallet` into a new, never-repeated ghostId of the current epoch. */
  issue(wallet: Uint8Array): GhostIssue {
    const clock = this.keyring.clock;
    const issuedAt = clock.now();
    const { epoch, key } = this.keyring.currentKey();
    const sealed = sealUnderEpochKey(key, encodeHeader(epoch), wallet);
    return {
      ghostId: encodeB64u(sealed),
      issuedAt,
      rotatesAt: clock.startOf(epoch + 1),
      liveUntil: clock.liveUntil(epoch),
    };
  }

  /** The wallet inside a live ghostId, or `undefined` when it is malformed, tampered or expired. */
  open(ghostId: string): Uint8Array | undefined {
    const parsed = parseGhostId(ghostId);
    if (!parsed) return undefined;
    const { bytes, epoch } = parsed;
    const key = this.keyring.liveKey(epoch);
    if (!key) return undefined;
    const wallet = openUnderEpochKey(key, HEADER_BYTES, bytes);
    return wallet?.length === WALLET_BYTES ? wallet : undefined;
  }

  /**
   * Shared keys only: loads the epoch keys these ghostIds name that are not cached yet (another
   * instance may have created one a moment ago). `undefined` when nothing needs loading, so the
   * in-memory path stays synchronous.
   */
  prepare(ghostIds: readonly string[]): Promise<void> | undefined {
    const shared = this.keyring.shared;
    if (!shared) return undefined;
    const epochs = ghostIds.map((g) => parseGhostId(g)?.epoch).filter((e): e is number => e !== undefined);
    const missing = this.keyring.missing(epochs);
    return missing.length === 0 ? undefined : shared.load(missing);
  }

  /** Whether the server can still open `ghostId` (PROTOCOL.md §2 `check`). */
  isLive(ghostId: string): boolean {
    const wallet = this.open(ghostId);
    wallet?.fill(0);
    return wallet !== undefined;
  }
}

/** The bytes and clear epoch of a well-formed ghostId of this version; nothing is opened yet. */
function parseGhostId(ghostId: string): { bytes: Uint8Array; epoch: number } | undefined {
  if (ghostId.length !== GHOST_ID_CHARS) return undefined;
  const bytes = decodeB64u(ghostId);
  if (!bytes || bytes[0] !== GHOST_ID_VERSION) return undefined;
  return { bytes, epoch: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1) };
}

function encodeHeader(epoch: number): Uint8Array {
  const header = new Uint8Array(HEADER_BYTES);
  header[0] = GHOST_ID_VERSION;
  new DataView(header.buffer).setUint32(1, epoch);
  return header;
}
