/**
 * Chain budgets (issue #10, docs/protocol.md §4 "Chain budgets"): chain work is bounded per
 * session, per wallet, per client address and per process, with reads (keys, join with a key) in
 * a budget of their own, and a redeem naming a signature answers at once instead of polling for
 * 30 s. Clients on other addresses connect from other loopback addresses (127.0.0.x), so the
 * server sees real, distinct peers.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase58 } from '../../shared/encoding.ts';
import type { Frame } from '../support/frame-client.ts';
import {
  type ClockedPaidServer,
  chatPayload,
  envelopesFor,
  holderOf,
  type Party,
  quoteIdOf,
  request,
  startPaidServer,
  withInviteKey,
} from '../support/paid-harness.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import type { TestKey } from '../support/test-wallet.ts';

let server: ClockedPaidServer;
beforeAll(async () => {
  server = await startPaidServer();
});
afterAll(() => server.stop());

/** A well-formed signature of no transaction. */
const unknownSignature = () => encodeBase58(new Uint8Array(randomBytes(64)));

type Redeemer = Party & { quote: Frame; holder: string; invites: string[] };

/** A signed-in session from `localAddress` (of `wallet`, or a fresh one) with a quote to redeem. */
async function redeemer(localAddress: string, wallet?: TestKey): Promise<Redeemer> {
  const who = withInviteKey(await connectSignedIn(server, { localAddress, wallet }));
  const quote = await request(who, { t: 'quote', ghostIds: [who.card], ttl: 600 });
  expect(quote.t).toBe('quote');
  const holder = holderOf(who, 'initiator', quoteIdOf(quote));
  return { ...who, quote, holder, invites: envelopesFor([who], [true], chatPayload('Flood', 600)) };
}

/** Sends `count` redeems of unknown signatures at once; resolves with every reply. */
function floodRedeems(who: Redeemer, count: number, timeoutMs = 10_000): Promise<Frame[]> {
  const ids = Array.from({ length: count }, (_, i) => `flood-${i}-${Math.random()}`);
  for (const id of ids)
    who.client.send({
      t: 'redeem',
      id,
      quote: who.quote.quote,
      signature: unknownSignature(),
      holder: who.holder,
      invites: who.invites,
    });
  return Promise.all(ids.map((id) => who.client.next((f) => f.id === id, timeoutMs)));
}

/** Runs `make` for `count` parties, `batch` at a time (quotes are budgeted per address too). */
async function inBatches<T>(count: number, batch: number, make: () => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  while (made.length < count) {
    made.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - made.length) }, make))));
  }
  return made;
}

describe('chain budgets', () => {
  it('a flood of redeems naming random signatures from a few addresses never starves another address’s keys', async () => {
    // Today's measured attack at small scale: 132 sessions × 2 redeems (more than the process's
    // 256 slots) from four addresses, then a victim on a fifth lists its keys ten times.
    const attackers = (
      await Promise.all(
        ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'].map((from) =>
          inBatches(33, 8, () => redeemer(from)),
        ),
      )
    ).flat();
    const victim = await connectSignedIn(server, { localAddress: '127.0.0.9' });
    const flood = Promise.all(attackers.map((a) => floodRedeems(a, 2)));
    const answers: Frame[] = [];
    for (let i = 0; i < 10; i++) {
      answers.push(await request(victim, { t: 'keys', holders: [victim.wallet.address] }));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(answers.map((a) => a.t)).toEqual(Array(10).fill('keys'));
    // Every redeem was answered within seconds: not found yet, or over the address budget.
    const replies = (await flood).flat();
    expect(replies).toHaveLength(264);
    const codes = new Set(replies.map((r) => r.code));
    expect([...codes].sort()).toEqual(['payment_not_found', 'rate_limited']);
    for (const p of [...attackers, victim]) p.client.close();
  }, 60_000);

  it('answers a redeem naming an unconfirmed signature with payment_not_found within seconds', async () => {
    const who = await redeemer('127.0.0.1');
    const [reply] = await floodRedeems(who, 1, 5_000); // today: after 30 s of polling
    expect(reply).toMatchObject({
      t: 'error',
      code: 'payment_not_found',
      message: expect.stringMatching(/again/),
    });
    who.client.close();
  });

  it('lists a session’s keys while its own redeems are under way: reads have their own budget', async () => {
    const who = await redeemer('127.0.0.6');
    const flood = floodRedeems(who, 2);
    expect(await request(who, { t: 'keys', holders: [who.holder] })).toMatchObject({ t: 'keys', keys: [] });
    expect((await flood).map((r) => r.code)).toEqual(['payment_not_found', 'payment_not_found']);
    who.client.close();
  });

  it('counts accepts as writes: with two redeems under way, an accept in the same session waits its turn', async () => {
    const who = await redeemer('127.0.0.10');
    const flood = floodRedeems(who, 2);
    expect(await request(who, { t: 'accept', invite: 'A'.repeat(22), holder: who.holder })).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/accepts under way per session/),
    });
    await flood;
    expect(await request(who, { t: 'accept', invite: 'A'.repeat(22), holder: who.holder })).toMatchObject({
      code: 'not_found',
    });
    who.client.close();
  });

  it('bounds the redeems under way per wallet, across its sessions', async () => {
    const first = await redeemer('127.0.0.7');
    const sessions = [first, ...(await Promise.all([1, 2].map(() => redeemer('127.0.0.7', first.wallet))))];
    const replies = (await Promise.all(sessions.map((s) => floodRedeems(s, 2)))).flat();
    const limited = replies.filter((r) => r.code === 'rate_limited');
    expect(replies.filter((r) => r.code === 'payment_not_found')).toHaveLength(4);
    expect(limited).toHaveLength(2);
    for (const reply of limited) expect(reply.message).toMatch(/per wallet/);
    for (const s of sessions) s.client.close();
  });

  it('bounds the redeems under way per address, across wallets', async () => {
    const sessions = await Promise.all(Array.from({ length: 5 }, () => redeemer('127.0.0.8')));
    const reader = await connectSignedIn(server, { localAddress: '127.0.0.8' });
    const flood = Promise.all(sessions.map((s) => floodRedeems(s, 2)));
    // The address's reads are still answered while its writes are spent.
    expect(await request(reader, { t: 'keys', holders: [reader.wallet.address] })).toMatchObject({
      t: 'keys',
    });
    const replies = (await flood).flat();
    const limited = replies.filter((r) => r.code === 'rate_limited');
    expect(replies.filter((r) => r.code === 'payment_not_found')).toHaveLength(8);
    expect(limited).toHaveLength(2);
    for (const reply of limited) expect(reply.message).toMatch(/from one address/);
    for (const s of [...sessions, reader]) s.client.close();
  });
});
