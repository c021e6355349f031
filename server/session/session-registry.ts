/**
 * The signed-in sessions of this process, for pushes that go to everyone (a new ghost at each
 * epoch boundary). Holds live objects only; nothing survives a disconnect.
 */
import type { Session } from './session.ts';

export class SessionRegistry {
  readonly #ready = new Set<Session>();

  signedIn(session: Session): void {
    this.#ready.add(session);
  }

  closed(session: Session): void {
    this.#ready.delete(session);
  }

  /** Signed-in sessions, a snapshot safe to iterate while sessions come and go. */
  readySessions(): Session[] {
    return [...this.#ready];
  }

  get readyCount(): number {
    return this.#ready.size;
  }
}
