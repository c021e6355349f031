/**
 * The master-derived keys of invitations (docs/protocol.md §4 "Invitations"): every instance that
 * shares `ANOGHOST_MASTER_KEY` computes the same ids and names and opens the same records, and
 * nothing is kept in clear.
 * - `inviteId(payment, index)`: the invitation's id, deterministic, so redeeming a payment again
 *   re-creates a lost invitation under the same id.
 * - `walletName(wallet)`: the keyed hash under which invitations and sessions of one wallet are
 *   found (store keys, the pub/sub channel, the session registry's index).
 * - `inviteName(id)`: the keyed hash an invitation is stored under.
 * - `seal`/`open`: the record itself, XChaCha20-Poly1305 under its own subkey, bound to where it
 *   is stored (wallet name and invitation name), so a record moved to another key does not open.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { createAead, type ManagedNonceAead } from '../../shared/crypto/aead.ts';
import { encodeContext } from '../../shared/crypto/derivation-context.ts';
import { wipe } from '../../shared/crypto/wipe.ts';
import { encodeB64u } from '../../shared/encoding.ts';
import { deriveMasterSubkey } from './master-derivations.ts';

const ID_BYTES = 16; // 22 base64url characters
const NAME_BYTES = 16; // 22 base64url characters: collisions stay negligible

export class InvitationKeys {
  readonly #idKey: Uint8Array;
  readonly #walletKey: Uint8Array;
  readonly #nameKey: Uint8Array;
  readonly #sealKey: Uint8Array;
  readonly #aead: ManagedNonceAead;

  constructor(master: Uint8Array) {
    this.#idKey = deriveMasterSubkey(master, 'anoghost/invite-id/v2');
    this.#walletKey = deriveMasterSubkey(master, 'anoghost/invite-wallet/v2');
    this.#nameKey = deriveMasterSubkey(master, 'anoghost/invite-name/v2');
    this.#sealKey = deriveMasterSubkey(master, 'anoghost/invite-seal/v2');
    this.#aead = createAead(this.#sealKey);
  }

  /** The id of invitation number `index` of the payment `paymentSignature`. */
  inviteId(paymentSignature: string, index: number): string {
    const mac = hmac(
      sha256,
      this.#idKey,
      encodeContext('anoghost/invite-id/v2', paymentSignature, String(index)),
    );
    return encodeB64u(mac.subarray(0, ID_BYTES));
  }

  /** The keyed hash of a wallet (32 bytes) that indexes its invitations and sessions. */
  walletName(wallet: Uint8Array): string {
    const mac = hmac(sha256, this.#walletKey, encodeContext('anoghost/invite-wallet/v2', wallet));
    return encodeB64u(mac.subarray(0, NAME_BYTES));
  }

  /** The keyed hash an invitation is stored under. */
  inviteName(inviteId: string): string {
    const mac = hmac(sha256, this.#nameKey, encodeContext('anoghost/invite-name/v2', inviteId));
    return encodeB64u(mac.subarray(0, NAME_BYTES));
  }

  seal(plaintext: Uint8Array, walletName: string, inviteName: string): Uint8Array {
    return this.#aead.seal(plaintext, encodeContext('anoghost/invitation/v2', walletName, inviteName));
  }

  open(box: Uint8Array, walletName: string, inviteName: string): Uint8Array | undefined {
    return this.#aead.open(box, encodeContext('anoghost/invitation/v2', walletName, inviteName));
  }

  wipe(): void {
    wipe(this.#idKey, this.#walletKey, this.#nameKey, this.#sealKey);
  }
}
