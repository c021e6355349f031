/** Declined invitations in an in-memory `storage.local`: remembered until they would end. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeStorageArea } from '../../tests/support/fake-extension-storage.ts';

const local = createFakeStorageArea();
vi.mock('wxt/browser', () => ({ browser: { storage: { local } } }));
const { loadDeclinedInvitations, rememberDeclined } = await import('./declined-invitations.ts');

const NOW = 1_800_000_000_000;
const ID_A = 'A'.repeat(22);
const ID_B = 'B'.repeat(22);

beforeEach(() => local.map.clear());

describe('declined invitations', () => {
  it('remembers declined ids until the invitation would end', async () => {
    await rememberDeclined(ID_A, NOW + 1_000, NOW);
    await rememberDeclined(ID_B, NOW + 5_000, NOW);
    expect(await loadDeclinedInvitations(NOW)).toEqual(new Set([ID_A, ID_B]));
    expect(await loadDeclinedInvitations(NOW + 1_000)).toEqual(new Set([ID_B]));
    await rememberDeclined('C'.repeat(22), NOW + 9_000, NOW + 2_000);
    expect(Object.keys(local.map.get('anoghost/declined-invitations') as object)).not.toContain(ID_A);
  });

  it('reads a malformed table as empty and refuses a malformed id', async () => {
    local.map.set('anoghost/declined-invitations', { short: NOW + 1 });
    expect(await loadDeclinedInvitations(NOW)).toEqual(new Set());
    local.map.set('anoghost/declined-invitations', [ID_A]);
    expect(await loadDeclinedInvitations(NOW)).toEqual(new Set());
    await expect(rememberDeclined('short', NOW + 1, NOW)).rejects.toThrow();
  });
});
