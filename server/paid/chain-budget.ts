/**
 * Bounds the chain work clients can start (DESIGN.md "Reliability and abuse", docs/protocol.md §4
 * "Chain budgets"). Every paid-chat frame costs RPC calls, so work is counted while it is under way,
 * in two budgets kept apart so a flood of one kind cannot starve the other: `write` (quote, redeem,
 * accept: blockhashes, submissions, confirmation polls, mints) and `read` (keys, join with a key:
 * account reads).
 * Each budget bounds the work under way per session, per wallet (a wallet may have several
 * sessions), per client address (one host may bring many wallets) and in the whole process (the
 * operator's RPC quota). Wallets are counted under a keyed hash (process-names.ts), in memory only;
 * an entry is dropped as soon as its count is back to zero.
 */
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import { createProcessNamer } from '../crypto/process-names.ts';
import type { Session } from '../session/session.ts';

/** The two kinds of chain work, each with its own budget. */
export type ChainWork = 'write' | 'read';

/** How much work of one kind may be under way at once, by whom. */
export interface ChainWorkLimits {
  perSession: number;
  perWallet: number;
  perAddress: number;
  perProcess: number;
}

/** The budgets (requests under way at once); docs/protocol.md §4 explains the numbers. */
export const CHAIN_BUDGETS: { readonly [K in ChainWork]: ChainWorkLimits } = {
  write: { perSession: 2, perWallet: 4, perAddress: 8, perProcess: 256 },
  read: { perSession: 4, perWallet: 8, perAddress: 16, perProcess: 256 },
};

/** How refusals name each kind of work. */
const WORK_NAMES: { readonly [K in ChainWork]: string } = {
  write: 'quotes, redeems and accepts',
  read: 'key lists and joins with a key',
};

/** Counts of one kind of work under way. */
class Counts {
  readonly bySession = new WeakMap<Session, number>();
  readonly byWallet = new Map<string, number>();
  readonly byAddress = new Map<string, number>();
  total = 0;
}

export class ChainBudget {
  readonly #counts: { readonly [K in ChainWork]: Counts } = { write: new Counts(), read: new Counts() };
  readonly #nameWallet = createProcessNamer('chain-budget-wallet');

  constructor(private readonly limits: { readonly [K in ChainWork]: ChainWorkLimits } = CHAIN_BUDGETS) {}

  /** Runs `task` if every budget of `kind` it falls under has room; refuses at once otherwise. */
  async run<T>(session: Session, kind: ChainWork, task: () => Promise<T>): Promise<T> {
    const limits = this.limits[kind];
    const counts = this.#counts[kind];
    const wallet = this.#nameWallet(session.wallet);
    const { address } = session;
    const what = WORK_NAMES[kind];
    if ((counts.bySession.get(session) ?? 0) >= limits.perSession) {
      throw new ProtocolError(
        'rate_limited',
        `at most ${limits.perSession} ${what} under way per session: wait for a reply`,
      );
    }
    if ((counts.byWallet.get(wallet) ?? 0) >= limits.perWallet) {
      throw new ProtocolError(
        'rate_limited',
        `at most ${limits.perWallet} ${what} under way per wallet: wait for a reply`,
      );
    }
    if ((counts.byAddress.get(address) ?? 0) >= limits.perAddress) {
      throw new ProtocolError(
        'rate_limited',
        `at most ${limits.perAddress} ${what} under way from one address: try again shortly`,
      );
    }
    if (counts.total >= limits.perProcess)
      throw new ProtocolError('unavailable', 'the server is busy with the chain: try again');
    counts.bySession.set(session, (counts.bySession.get(session) ?? 0) + 1);
    add(counts.byWallet, wallet, 1);
    add(counts.byAddress, address, 1);
    counts.total += 1;
    try {
      return await task();
    } finally {
      counts.total -= 1;
      add(counts.byAddress, address, -1);
      add(counts.byWallet, wallet, -1);
      counts.bySession.set(session, (counts.bySession.get(session) ?? 1) - 1);
    }
  }

  /** Entries held now (wallets and addresses with work under way), for tests of the cleanup. */
  get trackedEntries(): number {
    const { write, read } = this.#counts;
    return write.byWallet.size + write.byAddress.size + read.byWallet.size + read.byAddress.size;
  }
}

function add(counts: Map<string, number>, key: string, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
