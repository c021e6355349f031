/**
 * A room's message list in memory (DESIGN.md "Message plaintext"): temporary messages leave it at
 * the end of their lifetime, and an unsend removes its target, but only when it comes from the
 * key that sent the target (the sender's fingerprint: so it works across the sender's reconnects). An unsend that arrives before its target leaves a bounded tombstone,
 * so the target is dropped when it turns up. Nothing here is ever written anywhere.
 */
import type { TextMessage } from '../e2e/message-plaintext.ts';
import { SYSTEM_TIMERS, type Timers } from './pending-requests.ts';

const MAX_TOMBSTONES = 256;

/** One text message as the UI shows it. */
export interface RoomMessage {
  /** The message id inside the ciphertext (22 chars b64u). */
  id: string;
  /** Member id of the sender's connection when it was sent (our own for our messages). */
  from: string;
  /** The sender's fingerprint (its per-room identity key): stable across its reconnects. */
  author: string;
  own: boolean;
  body: string;
  /** The sender's clock when it was written, Unix ms (not verified). */
  sentAt: number;
  /** Our clock when we got (or sent) it, Unix ms. */
  receivedAt: number;
  /** Lifetime in seconds, or null for a message that lasts as long as the room. */
  ttl: number | null;
  /** When it vanishes (our clock, `receivedAt + ttl`), or null. */
  expiresAt: number | null;
}

export type RemovalReason = 'expired' | 'unsent';

/**
 * A decrypted (or just sent) text as a list entry. Its lifetime is the sender's `ttl`, else the
 * room's `msgTtl`, counted from when we got it (our clock: immune to the sender's clock skew).
 */
export function toRoomMessage(
  text: TextMessage,
  meta: { from: string; author: string; own: boolean; receivedAt: number; defaultTtl: number | null },
): RoomMessage {
  const ttl = text.ttl ?? meta.defaultTtl ?? null;
  const expiresAt = ttl === null ? null : meta.receivedAt + ttl * 1000;
  const { from, author, own, receivedAt } = meta;
  return { id: text.id, from, author, own, body: text.body, sentAt: text.ts, receivedAt, ttl, expiresAt };
}

/** Options of `RoomMessages`. */
export interface RoomMessagesOptions {
  onRemoved(message: RoomMessage, reason: RemovalReason): void;
  now?: () => number;
  timers?: Timers;
}

/** See the module header. */
export class RoomMessages {
  readonly #byId = new Map<string, RoomMessage>();
  readonly #tombstones = new Set<string>();
  readonly #o: RoomMessagesOptions;
  readonly #now: () => number;
  readonly #timers: Timers;
  #timer: unknown;
  #timerAt = Number.POSITIVE_INFINITY;

  constructor(options: RoomMessagesOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#timers = options.timers ?? SYSTEM_TIMERS;
  }

  /** Messages in the order they arrived. */
  list(): RoomMessage[] {
    return [...this.#byId.values()];
  }

  get(id: string): RoomMessage | undefined {
    return this.#byId.get(id);
  }

  /** Adds a message; false when its id is known, it was unsent already, or it has expired. */
  add(message: RoomMessage): boolean {
    if (this.#byId.has(message.id)) return false;
    if (this.#tombstones.delete(tombstoneKey(message.author, message.id))) return false;
    if (message.expiresAt !== null && message.expiresAt <= this.#now()) return false;
    this.#byId.set(message.id, message);
    if (message.expiresAt !== null) this.#schedule(message.expiresAt);
    return true;
  }

  /** Applies an unsend from the key `author` (a fingerprint); returns the removed message, if any was. */
  unsend(author: string, target: string): RoomMessage | undefined {
    const message = this.#byId.get(target);
    if (!message) {
      this.#tombstones.add(tombstoneKey(author, target));
      for (const old of this.#tombstones) {
        if (this.#tombstones.size <= MAX_TOMBSTONES) break;
        this.#tombstones.delete(old);
      }
      return undefined;
    }
    if (message.author !== author) return undefined; // only the original sender's unsend counts
    this.#byId.delete(target);
    this.#o.onRemoved(message, 'unsent');
    return message;
  }

  /** Forgets every message without events (the room closed). */
  clear(): void {
    this.#timers.clearTimeout(this.#timer);
    this.#timerAt = Number.POSITIVE_INFINITY;
    this.#byId.clear();
    this.#tombstones.clear();
  }

  #schedule(at: number): void {
    if (at >= this.#timerAt) return;
    this.#timers.clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = this.#timers.setTimeout(() => this.#expire(), Math.max(0, at - this.#now()));
  }

  #expire(): void {
    this.#timerAt = Number.POSITIVE_INFINITY;
    const now = this.#now();
    let next = Number.POSITIVE_INFINITY;
    for (const message of [...this.#byId.values()]) {
      if (message.expiresAt === null) continue;
      if (message.expiresAt <= now) {
        this.#byId.delete(message.id);
        this.#o.onRemoved(message, 'expired');
      } else next = Math.min(next, message.expiresAt);
    }
    if (next !== Number.POSITIVE_INFINITY) this.#schedule(next);
  }
}

function tombstoneKey(author: string, target: string): string {
  return `${author}\u0000${target}`;
}
