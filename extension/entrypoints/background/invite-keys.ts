/**
 * The invite keys behind the ghost cards (docs/extension.md "Paid chats (version 2)"): one fresh X25519 pair
 * per ghostId the server gives us, the card being `<ghostId>.<b64u public key>`. The secrets stay
 * in memory, mirrored in `storage.session` (storage/invite-secrets.ts) so a restarted service
 * worker still opens envelopes sealed to cards it shared, until the ghostId's `liveUntil`; then
 * they are wiped. Nothing else ever sees them.
 */
import { formatGhostCard } from '../../../shared/crypto/ghost-card.ts';
import { generateInviteKeyPair, inviteKeyOf } from '../../../shared/crypto/invite-keys.ts';
import { wipe } from '../../../shared/crypto/wipe.ts';
import { decodeB64u, encodeB64u } from '../../../shared/encoding.ts';
import type { GhostInfo } from '../../messaging/runtime-messages.ts';
import type { StoredInviteSecret } from '../../storage/invite-secrets.ts';

interface HeldKey {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  liveUntil: number;
}

export interface InviteKeyRingDeps {
  load(): Promise<StoredInviteSecret[]>;
  save(entries: StoredInviteSecret[]): Promise<void>;
  now?: () => number;
}

export class InviteKeyRing {
  readonly #deps: InviteKeyRingDeps;
  readonly #now: () => number;
  readonly #keys = new Map<string, HeldKey>(); // by ghostId, oldest first
  /** Settles once the secrets of an earlier service worker are back. */
  readonly ready: Promise<void>;

  constructor(deps: InviteKeyRingDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.ready = deps.load().then(
      (entries) => this.#restore(entries),
      () => {}, // nothing to restore: cards shared before the restart just stop opening
    );
  }

  /** The card of `ghost`, making its invite key the first time this ghostId is seen. */
  cardFor(ghost: GhostInfo): string {
    this.#sweep();
    let held = this.#keys.get(ghost.ghostId);
    if (!held) {
      const pair = generateInviteKeyPair();
      held = { ...pair, liveUntil: ghost.liveUntil };
      this.#keys.set(ghost.ghostId, held);
      this.#persist();
    }
    return formatGhostCard(ghost.ghostId, held.publicKey);
  }

  /** The secrets of every card still in its window, newest first (copies: the caller may wipe). */
  secrets(): Uint8Array[] {
    this.#sweep();
    return [...this.#keys.values()].reverse().map((held) => held.secretKey.slice());
  }

  /** Wipes every secret (sign-out). */
  clear(): void {
    for (const held of this.#keys.values()) wipe(held.secretKey);
    this.#keys.clear();
    this.#persist();
  }

  #restore(entries: StoredInviteSecret[]): void {
    for (const entry of entries) {
      if (this.#keys.has(entry.ghostId)) continue;
      const secretKey = decodeB64u(entry.secret);
      if (!secretKey) continue;
      this.#keys.set(entry.ghostId, {
        secretKey,
        publicKey: inviteKeyOf(secretKey),
        liveUntil: entry.liveUntil,
      });
    }
    this.#sweep();
  }

  #sweep(): void {
    const now = this.#now();
    let changed = false;
    for (const [ghostId, held] of this.#keys) {
      if (held.liveUntil > now) continue;
      wipe(held.secretKey);
      this.#keys.delete(ghostId);
      changed = true;
    }
    if (changed) this.#persist();
  }

  #persist(): void {
    const entries = [...this.#keys].map(([ghostId, held]) => ({
      ghostId,
      secret: encodeB64u(held.secretKey),
      liveUntil: held.liveUntil,
    }));
    this.#deps.save(entries).catch(() => {}); // memory still holds them
  }
}
