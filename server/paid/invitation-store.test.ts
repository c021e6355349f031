import { describe, expect, it } from 'vitest';
import { describeInvitationStore, storedInvitation } from '../../tests/support/invitation-store-contract.ts';
import { ENDED_MEMORY_MS, MemoryInvitationStore } from './invitation-store.ts';

describeInvitationStore('the in-memory invitation store', async () => new MemoryInvitationStore(Date.now));

describe('the in-memory invitation store, over time', () => {
  it('forgets a name a day after the invitation ended, and only then', async () => {
    let now = Date.now();
    const store = new MemoryInvitationStore(() => now);
    const x = storedInvitation('g'.repeat(22), 1000);
    await store.create(x);
    await store.take(x.walletName, x.name);
    now = x.expiresAt + ENDED_MEMORY_MS - 1;
    expect(await store.take(x.walletName, x.name)).toEqual({ kind: 'ended' });
    now = x.expiresAt + ENDED_MEMORY_MS + 2000;
    expect(await store.take(x.walletName, x.name)).toEqual({ kind: 'unknown' });
    await store.close();
  });
});
