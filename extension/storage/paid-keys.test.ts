/** The paid-keys store against an in-memory `storage.local`: validated reads, expiry, replacement. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeB64u, encodeBase58 } from '../../shared/encoding.ts';
import { createFakeStorageArea } from '../../tests/support/fake-extension-storage.ts';

const local = createFakeStorageArea();
vi.mock('wxt/browser', () => ({ browser: { storage: { local } } }));
const { loadPaidKey, loadPaidKeys, paidRoomSecretOf, savePaidKey } = await import('./paid-keys.ts');

const NOW = 1_800_000_000_000;
const address = (fill: number) => encodeBase58(new Uint8Array(32).fill(fill));
const SECRET = new Uint8Array(32).fill(9);
const key = (fill: number, expiresAt = NOW + 3_600_000) => ({
  server: 'http://127.0.0.1:8787',
  mint: address(fill),
  holder: address(fill + 100),
  secret: encodeB64u(SECRET),
  name: `Chat ${fill}`,
  expiresAt,
  msgTtl: null,
  role: 'invitee' as const,
});

beforeEach(() => local.map.clear());

describe('paid-keys store', () => {
  it('keeps keys by mint, soonest to end first, and finds S by mint', async () => {
    await savePaidKey(key(1, NOW + 2_000), NOW);
    await savePaidKey(key(2, NOW + 1_000), NOW);
    await savePaidKey({ ...key(1, NOW + 2_000), name: 'Renamed' }, NOW);
    const keys = await loadPaidKeys(NOW);
    expect(keys.map((k) => k.name)).toEqual(['Chat 2', 'Renamed']);
    expect(await paidRoomSecretOf(address(1), NOW)).toEqual(SECRET);
    expect(await paidRoomSecretOf(address(3), NOW)).toBeUndefined();
  });

  it('forgets a key once its chat has ended', async () => {
    await savePaidKey(key(1, NOW + 1_000), NOW);
    expect(await loadPaidKey(address(1), NOW + 999)).toBeDefined();
    expect(await loadPaidKey(address(1), NOW + 1_000)).toBeUndefined();
    await savePaidKey(key(2), NOW + 1_000);
    expect((local.map.get('anoghost/paid-keys') as unknown[]).length).toBe(1);
  });

  it('drops stored entries that do not parse, and refuses to save one', async () => {
    local.map.set('anoghost/paid-keys', [
      key(1),
      { ...key(2), secret: 'short' },
      { ...key(3), mint: 'not an address' },
      { ...key(4), name: '' },
      { ...key(5), role: 'thief' },
      'garbage',
    ]);
    expect((await loadPaidKeys(NOW)).map((k) => k.mint)).toEqual([address(1)]);
    local.map.set('anoghost/paid-keys', { not: 'a list' });
    expect(await loadPaidKeys(NOW)).toEqual([]);
    await expect(savePaidKey({ ...key(6), holder: 'x' }, NOW)).rejects.toThrow();
  });
});
