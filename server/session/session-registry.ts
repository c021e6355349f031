/**
 * The signed-in sessions of this process, for pushes that go to everyone (a new ghost at each
 * epoch boundary) and to one wallet's sessions (an invitation, PROTOCOL.md §4). Sessions are
 * indexed by a keyed hash of their wallet (`nameWallet`), never the wallet itself. Holds live
 * objects only; nothing survives a disconnect.
 */
import type { Session } from './session.ts';

/** Told when a wallet's sessions come and go here (invitation pushes and their subscriptions). */
export interface WalletSessionListener {
  /** A session signed in; `first` when no other session of its wallet is here. */
  signedIn(session: Session, walletName: string, first: boolean): void;
  /** The last session of a wallet here closed. */
  walletLeft(walletName: string): void;
}

export class SessionRegistry {
  readonly #ready = new Set<Session>();
  readonly #walletNames = new Map<Session, string>();
  readonly #byWallet = new Map<string, Set<Session>>();
  readonly #listeners: WalletSessionListener[] = [];

  /** @param nameWallet the keyed hash of a wallet (crypto/invitation-keys.ts `walletName`). */
  constructor(private readonly nameWallet: (wallet: Uint8Array) => string) {}

  signedIn(session: Session): void {
    this.#ready.add(session);
    const name = this.nameWallet(session.wallet);
    this.#walletNames.set(session, name);
    let sessions = this.#byWallet.get(name);
    const first = !sessions;
    if (!sessions) {
      sessions = new Set();
      this.#byWallet.set(name, sessions);
    }
    sessions.add(session);
    for (const listener of this.#listeners) listener.signedIn(session, name, first);
  }

  closed(session: Session): void {
    this.#ready.delete(session);
    const name = this.#walletNames.get(session);
    if (name === undefined) return;
    this.#walletNames.delete(session);
    const sessions = this.#byWallet.get(name);
    sessions?.delete(session);
    if (sessions?.size === 0) {
      this.#byWallet.delete(name);
      for (const listener of this.#listeners) listener.walletLeft(name);
    }
  }

  /** Adds a listener of wallets' sessions. */
  listen(listener: WalletSessionListener): void {
    this.#listeners.push(listener);
  }

  /** Signed-in sessions, a snapshot safe to iterate while sessions come and go. */
  readySessions(): Session[] {
    return [...this.#ready];
  }

  /** The signed-in sessions of the wallet named `walletName` here, a snapshot. */
  sessionsOfWallet(walletName: string): Session[] {
    return [...(this.#byWallet.get(walletName) ?? [])];
  }

  get readyCount(): number {
    return this.#ready.size;
  }
}
