/**
 * Bounds the chain work clients can start: every paid-chat frame (quote, redeem, keys, join with a
 * key) costs RPC calls, and a redeem may poll for half a minute. A session may have a few such
 * requests under way, and the whole process a bounded number, so no client can spend the
 * operator's RPC quota for everyone.
 */
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { Session } from '../session/session.ts';

const PER_SESSION = 2; // chain-bound requests under way per session
const PER_PROCESS = 256; // chain-bound requests under way in this process

export class ChainRequestLimit {
  readonly #bySession = new WeakMap<Session, number>();
  #total = 0;

  /** Runs `work` if the session and the process have room for it; refuses otherwise. */
  async run<T>(session: Session, work: () => Promise<T>): Promise<T> {
    const mine = this.#bySession.get(session) ?? 0;
    if (mine >= PER_SESSION) {
      throw new ProtocolError(
        'rate_limited',
        `at most ${PER_SESSION} paid-chat requests at a time: wait for a reply`,
      );
    }
    if (this.#total >= PER_PROCESS)
      throw new ProtocolError('unavailable', 'the server is busy with the chain: try again');
    this.#bySession.set(session, mine + 1);
    this.#total += 1;
    try {
      return await work();
    } finally {
      this.#total -= 1;
      this.#bySession.set(session, (this.#bySession.get(session) ?? 1) - 1);
    }
  }
}
