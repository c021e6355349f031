/**
 * The signed-in sessions of this process, for pushes that go to everyone (a new ghost at each
 * epoch boundary). Holds live objects only; nothing survives a disconnect.
 */
import type { Session } from './session.ts';

export class SessionRegistry {
  readonly #ready = new Set<Session>();
  #connections = 0;

  opened(): void {
    this.#connections += 1;
  }

  signedIn(session: Session): void {
    this.#ready.add(session);
  }

  closed(session: Session): void {
    this.#connections -= 1;
    this.#ready.delete(session);
  }

  /** Signed-in sessions, a snapshot safe to iterate while sessions come and go. */
  readySessions(): Session[] {
    return [...this.#ready];
  }

  get connectionCount(): number {
    return this.#connections;
  }

  get readyCount(): number {
    return this.#ready.size;
  }
}
