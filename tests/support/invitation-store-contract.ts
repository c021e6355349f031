/**
 * The contract of an invitation store (server/paid/invitation-store.ts), run against each store:
 * the in-memory one and the Redis one. Real time, short expiries.
 */
import { describe, expect, it } from 'vitest';
import type { StoredInvitation } from '../../server/paid/invitation-record.ts';
import type { InvitationStore } from '../../server/paid/invitation-store.ts';

let counter = 0;
/** A stored invitation of `wallet` (a 22-character name), ending `ms` from now. */
export function storedInvitation(wallet: string, ms = 60_000): StoredInvitation {
  counter += 1;
  return {
    walletName: wallet,
    name: `n${String(counter).padStart(21, '0')}`,
    sealed: `sealed${counter}`,
    expiresAt: Date.now() + ms,
  };
}

const wallet = (tag: string) => `${tag}${'w'.repeat(22 - tag.length)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function describeInvitationStore(title: string, makeStore: () => Promise<InvitationStore>): void {
  describe(title, () => {
    it('creates once: a second create of a known name changes nothing', async () => {
      const store = await makeStore();
      const w = wallet('a');
      const first = storedInvitation(w);
      expect(await store.create(first)).toBe(true);
      expect(await store.create({ ...first, sealed: 'other' })).toBe(false);
      expect(await store.pending(w)).toEqual([first]);
      await store.close();
    });

    it('lists only the wallet’s pending invitations, and takes each exactly once', async () => {
      const store = await makeStore();
      const [w, other] = [wallet('b'), wallet('c')];
      const x = storedInvitation(w);
      const y = storedInvitation(w);
      const z = storedInvitation(other);
      for (const s of [x, y, z]) await store.create(s);
      expect((await store.pending(w)).map((s) => s.name).sort()).toEqual([x.name, y.name].sort());
      // Another wallet does not find it; the right one takes it once; then it has ended.
      expect(await store.take(other, x.name)).toEqual({ kind: 'unknown' });
      const takes = await Promise.all([1, 2, 3].map(() => store.take(w, x.name)));
      expect(takes.filter((t) => t.kind === 'taken')).toEqual([{ kind: 'taken', stored: x }]);
      expect(takes.filter((t) => t.kind === 'ended')).toHaveLength(2);
      expect(await store.pending(w)).toEqual([y]);
      // An answered name is never created again.
      expect(await store.create(x)).toBe(false);
      expect(await store.take(w, 'n'.repeat(22))).toEqual({ kind: 'unknown' });
      await store.close();
    });

    it('restores a taken invitation (a failed accept), and only a taken one', async () => {
      const store = await makeStore();
      const w = wallet('d');
      const x = storedInvitation(w);
      await store.create(x);
      expect((await store.take(w, x.name)).kind).toBe('taken');
      await store.restore(x);
      expect(await store.pending(w)).toEqual([x]);
      expect((await store.take(w, x.name)).kind).toBe('taken');
      const never = storedInvitation(w);
      await store.restore(never); // never created: not brought into being
      expect(await store.pending(w)).toEqual([]);
      await store.close();
    });

    it('ends invitations at their expiry: no longer pending, taken as ended, not created again', async () => {
      const store = await makeStore();
      const w = wallet('e');
      const x = storedInvitation(w, 300);
      await store.create(x);
      expect(await store.pending(w)).toEqual([x]);
      await sleep(450);
      expect(await store.pending(w)).toEqual([]);
      expect(await store.take(w, x.name)).toEqual({ kind: 'ended' });
      expect(await store.create({ ...x, expiresAt: Date.now() + 60_000 })).toBe(false);
      await store.close();
    });

    it('tells listeners of the invitations created for watched wallets', async () => {
      const store = await makeStore();
      const w = wallet('f');
      const heard: StoredInvitation[] = [];
      store.onCreated((s) => heard.push(s));
      store.watch(w);
      await sleep(50); // a subscription takes a round trip
      const x = storedInvitation(w);
      await store.create(x);
      await store.create(x); // known: not told again
      for (let i = 0; i < 40 && heard.length === 0; i++) await sleep(10);
      expect(heard).toEqual([x]);
      store.unwatch(w);
      await store.close();
    });
  });
}
