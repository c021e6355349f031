import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { Session } from '../session/session.ts';
import { ChainBudget, type ChainWorkLimits } from './chain-budget.ts';

/** What the budget reads of a session: its wallet and address (and its identity, as a map key). */
const sessionOf = (wallet: number, address: string) =>
  ({ wallet: new Uint8Array(32).fill(wallet), address }) as unknown as Session;

const LIMITS: ChainWorkLimits = { perSession: 2, perWallet: 3, perAddress: 3, perProcess: 5 };

/** Work that stays under way until `finish()`. */
function pending() {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { task: () => done, finish, fail };
}

async function refusal(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProtocolError)) throw new Error('not refused');
  return `${error.code}: ${error.message}`;
}

describe('ChainBudget', () => {
  it('refuses past each limit with the limit it hit, and counts reads apart from writes', async () => {
    const budget = new ChainBudget({ write: LIMITS, read: LIMITS });
    const work = pending();
    const a = sessionOf(1, '10.0.0.1');
    const running = [budget.run(a, 'write', work.task), budget.run(a, 'write', work.task)];
    expect(await refusal(budget.run(a, 'write', work.task))).toMatch(/^rate_limited: .*per session/);
    running.push(budget.run(a, 'read', work.task)); // reads have their own budget

    const sameWallet = sessionOf(1, '10.0.0.2');
    running.push(budget.run(sameWallet, 'write', work.task));
    expect(await refusal(budget.run(sameWallet, 'write', work.task))).toMatch(/per wallet/);

    const sameAddress = sessionOf(2, '10.0.0.1');
    running.push(budget.run(sameAddress, 'write', work.task));
    expect(await refusal(budget.run(sameAddress, 'write', work.task))).toMatch(/from one address/);

    running.push(budget.run(sessionOf(3, '10.0.0.3'), 'write', work.task));
    expect(await refusal(budget.run(sessionOf(4, '10.0.0.4'), 'write', work.task))).toMatch(/^unavailable: /);
    work.finish();
    await Promise.all(running);
    expect(budget.trackedEntries).toBe(0);
  });

  it('gives the slot back when the work fails, and keeps no entry for idle wallets or addresses', async () => {
    const budget = new ChainBudget({ write: LIMITS, read: LIMITS });
    const a = sessionOf(1, '10.0.0.1');
    const work = pending();
    const first = budget.run(a, 'write', work.task);
    const second = budget.run(a, 'write', work.task);
    expect(budget.trackedEntries).toBe(2); // one wallet, one address
    work.fail(new Error('chain down'));
    await expect(first).rejects.toThrow('chain down');
    await expect(second).rejects.toThrow('chain down');
    expect(budget.trackedEntries).toBe(0);
    expect(await budget.run(a, 'write', async () => 'ran')).toBe('ran');
  });
});
