/**
 * Everything the server derives from its master key (DESIGN.md "Paid chats"): one HKDF-SHA256
 * subkey per purpose, each with its own domain string, so no key serves two purposes. Deterministic
 * derivations (mint keypairs, paid room ids) make redeem idempotent without a database. The Redis
 * store's subkeys (store-names.ts, epoch-key-wrap.ts) come from `deriveMasterSubkey` too.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { abytes } from '../../shared/crypto/bytes-assertions.ts';
import { encodeContext } from '../../shared/crypto/derivation-context.ts';
import { wipe } from '../../shared/crypto/wipe.ts';
import { encodeB64u, encodeUtf8 } from '../../shared/encoding.ts';

const MASTER_KEY_BYTES = 32; // bytes, as server/config loads it
const SUBKEY_BYTES = 32;
const PAID_ROOM_ID_BYTES = 16;
export const PAID_ROOM_HANDLE_PREFIX = 'p';

/**
 * The 32-byte subkey of the master key (32 bytes, checked with `abytes`) for one purpose (its
 * domain string, `anoghost/…/v1`).
 */
export function deriveMasterSubkey(master: Uint8Array, purpose: string): Uint8Array {
  return hkdf(
    sha256,
    abytes(master, MASTER_KEY_BYTES, 'master'),
    undefined,
    encodeUtf8(purpose),
    SUBKEY_BYTES,
  );
}

/** The master key's subkeys. Holds no user data. */
export class MasterKeys {
  /** Seals the `room` and `ghost` attributes of NFT keys. */
  readonly attributeKey: Uint8Array;
  /** Seals quotes. */
  readonly quoteKey: Uint8Array;
  readonly #roomHandleKey: Uint8Array;
  readonly #mintKey: Uint8Array;
  readonly #roomIdKey: Uint8Array;

  constructor(master: Uint8Array) {
    this.attributeKey = deriveMasterSubkey(master, 'anoghost/nft-attribute/v1');
    this.quoteKey = deriveMasterSubkey(master, 'anoghost/quote/v1');
    this.#roomHandleKey = deriveMasterSubkey(master, 'anoghost/paid-room-handle/v1');
    this.#mintKey = deriveMasterSubkey(master, 'anoghost/mint-keypair/v1');
    this.#roomIdKey = deriveMasterSubkey(master, 'anoghost/paid-room-id/v1');
  }

  /** The 32-byte Ed25519 seed of key number `index` minted for the payment `signature`. */
  mintSeed(paymentSignature: string, index: number): Uint8Array {
    return hmac(
      sha256,
      this.#mintKey,
      encodeContext('anoghost/mint-seed/v1', paymentSignature, String(index)),
    );
  }

  /** The room id of the paid chat opened by the payment `signature`. */
  paidRoomId(paymentSignature: string): Uint8Array {
    return hmac(
      sha256,
      this.#roomIdKey,
      encodeContext('anoghost/paid-room-id/v1', paymentSignature),
    ).subarray(0, PAID_ROOM_ID_BYTES);
  }

  /** The handle all members of a paid room share: 44 chars, never a valid free room id. */
  paidRoomHandle(roomId: Uint8Array): string {
    return PAID_ROOM_HANDLE_PREFIX + encodeB64u(hmac(sha256, this.#roomHandleKey, roomId));
  }

  wipe(): void {
    wipe(this.attributeKey, this.quoteKey, this.#roomHandleKey, this.#mintKey, this.#roomIdKey);
  }
}
