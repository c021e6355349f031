/**
 * Where invitations wait for their answer (docs/protocol.md §4 "Invitations"): in memory here, or
 * in Redis (store/redis-invitations.ts) when several instances share it. Both keep the same
 * contract, over sealed records and keyed names only (invitation-record.ts):
 * - an invitation is found by its wallet's name and its own, so another wallet's session never
 *   finds it;
 * - a store remembers every name it held until a day after the invitation ends, so a repeated
 *   create (a redeem again) never brings back an answered one, and an answer after the end is told
 *   apart from a name that never existed;
 * - `take` is the one way an invitation leaves before its end, and exactly one caller gets it.
 */
import type { StoredInvitation } from './invitation-record.ts';

/** The store cannot be reached now (Redis down): nothing was changed. */
export class InvitationsUnavailableError extends Error {
  override name = 'InvitationsUnavailableError';
}

/** How long a store remembers an invitation's name after it ends (answered or expired). */
export const ENDED_MEMORY_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60_000; // the timer's period
const SWEEP_AT_MOST_MS = 1000; // operations sweep too, at most this often

/** What `take` found. */
export type TakeOutcome =
  /** It was pending: it is this caller's now, and gone from the store. */
  | { kind: 'taken'; stored: StoredInvitation }
  /** It was answered or has expired (`invite_expired`). */
  | { kind: 'ended' }
  /** This wallet has no invitation of that name, nor had one lately (`not_found`). */
  | { kind: 'unknown' };

export interface InvitationStore {
  /** Stores a new invitation; `false` (and nothing changes) when its name is known already. */
  create(stored: StoredInvitation): Promise<boolean>;
  /** The wallet's pending invitations. */
  pending(walletName: string): Promise<StoredInvitation[]>;
  /** Takes a pending invitation out, for an answer. */
  take(walletName: string, name: string): Promise<TakeOutcome>;
  /** Puts back an invitation taken by an answer that could not be completed (the chain failed). */
  restore(stored: StoredInvitation): Promise<void>;
  /** Calls `listener` with every invitation created for a watched wallet (any instance's). */
  onCreated(listener: (stored: StoredInvitation) => void): void;
  /** Starts, or stops, hearing of new invitations for a wallet with sessions here. */
  watch(walletName: string): void;
  unwatch(walletName: string): void;
  close(): Promise<void>;
}

interface Slot {
  /** The record while it is pending; `undefined` once answered or expired. */
  stored: StoredInvitation | undefined;
  forgetAt: number;
}

/** The in-memory store of one process: everything is lost with it (documented). */
export class MemoryInvitationStore implements InvitationStore {
  readonly #slots = new Map<string, Slot>();
  readonly #pending = new Map<string, Set<string>>(); // wallet name → pending names
  readonly #listeners: Array<(stored: StoredInvitation) => void> = [];
  readonly #timer: NodeJS.Timeout;
  #sweptAt = 0;

  constructor(private readonly now: () => number) {
    this.#timer = setInterval(() => this.#sweep(true), SWEEP_EVERY_MS);
    this.#timer.unref();
  }

  async create(stored: StoredInvitation): Promise<boolean> {
    this.#sweep();
    const key = slotKey(stored.walletName, stored.name);
    const known = this.#slots.get(key);
    if (known && known.forgetAt > this.now()) return false;
    this.#slots.set(key, { stored, forgetAt: stored.expiresAt + ENDED_MEMORY_MS });
    this.#pendingOf(stored.walletName, true).add(stored.name);
    for (const listener of this.#listeners) listener(stored);
    return true;
  }

  async pending(walletName: string): Promise<StoredInvitation[]> {
    this.#sweep();
    const now = this.now();
    const names = this.#pendingOf(walletName, false);
    return [...(names ?? [])]
      .map((name) => this.#slots.get(slotKey(walletName, name))!.stored!)
      .filter((stored) => stored.expiresAt > now);
  }

  async take(walletName: string, name: string): Promise<TakeOutcome> {
    this.#sweep();
    const now = this.now();
    const slot = this.#slots.get(slotKey(walletName, name));
    if (!slot || slot.forgetAt <= now) return { kind: 'unknown' };
    const stored = slot.stored;
    if (!stored) return { kind: 'ended' };
    this.#end(slot);
    return stored.expiresAt <= now ? { kind: 'ended' } : { kind: 'taken', stored };
  }

  async restore(stored: StoredInvitation): Promise<void> {
    const slot = this.#slots.get(slotKey(stored.walletName, stored.name));
    if (!slot || slot.stored || stored.expiresAt <= this.now()) return;
    slot.stored = stored;
    this.#pendingOf(stored.walletName, true).add(stored.name);
  }

  onCreated(listener: (stored: StoredInvitation) => void): void {
    this.#listeners.push(listener);
  }

  watch(): void {} // one process: every creation is heard
  unwatch(): void {}

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#slots.clear();
    this.#pending.clear();
  }

  /** Ends expired invitations and forgets names past their memory. */
  #sweep(always = false): void {
    const now = this.now();
    if (!always && now - this.#sweptAt < SWEEP_AT_MOST_MS) return;
    this.#sweptAt = now;
    for (const [key, slot] of this.#slots) {
      if (slot.forgetAt <= now) this.#slots.delete(key);
      else if (slot.stored && slot.stored.expiresAt <= now) this.#end(slot);
    }
  }

  #end(slot: Slot): void {
    const stored = slot.stored!;
    slot.stored = undefined;
    const names = this.#pendingOf(stored.walletName, false);
    names?.delete(stored.name);
    if (names?.size === 0) this.#pending.delete(stored.walletName);
  }

  #pendingOf(walletName: string, create: true): Set<string>;
  #pendingOf(walletName: string, create: false): Set<string> | undefined;
  #pendingOf(walletName: string, create: boolean): Set<string> | undefined {
    let names = this.#pending.get(walletName);
    if (!names && create) {
      names = new Set();
      this.#pending.set(walletName, names);
    }
    return names;
  }
}

function slotKey(walletName: string, name: string): string {
  return `${walletName}/${name}`;
}
