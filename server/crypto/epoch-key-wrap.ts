/**
 * Epoch keys as Redis stores them: sealed under a master-derived key, bound to their epoch, so a
 * copy of Redis or of its dump file opens no ghostId without the master key too (and after the
 * window the keys are gone from both). Every instance sharing `ANOGHOST_MASTER_KEY` can open them.
 */
import { createAead } from '../../shared/crypto/aead.ts';
import { encodeContext } from '../../shared/crypto/derivation-context.ts';
import { wipe } from '../../shared/crypto/wipe.ts';
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';
import { EPOCH_KEY_BYTES } from './ghost-seal.ts';
import { deriveMasterSubkey } from './master-derivations.ts';

/** base64url length of a wrapped key: nonce 24 + key 32 + tag 16 bytes. */
export const WRAPPED_EPOCH_KEY_CHARS = 96;

export interface EpochKeyWrap {
  wrap(epoch: number, key: Uint8Array): string;
  /** The epoch key, or `undefined` when the text was not sealed for this epoch by this master key. */
  unwrap(epoch: number, text: string): Uint8Array | undefined;
  wipe(): void;
}

export function createEpochKeyWrap(master: Uint8Array): EpochKeyWrap {
  const key = deriveMasterSubkey(master, 'anoghost/epoch-key-wrap/v1');
  const aead = createAead(key); // uses `key` itself, not a copy: wipe() zeroes the key it seals with
  const aad = (epoch: number) => encodeContext('anoghost/epoch-key/v1', String(epoch));
  return {
    wrap: (epoch, epochKey) => encodeB64u(aead.seal(epochKey, aad(epoch))),
    unwrap(epoch, text) {
      const box = decodeB64u(text);
      const opened = box && aead.open(box, aad(epoch));
      return opened?.length === EPOCH_KEY_BYTES ? opened : undefined;
    },
    wipe: () => wipe(key),
  };
}
