import { beforeEach, describe, expect, it, vi } from 'vitest';

const area = new Map<string, unknown>();
const local = {
  get: vi.fn(async (key: string) => (area.has(key) ? { [key]: area.get(key) } : {})),
  set: vi.fn(async (items: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(items)) area.set(key, value);
  }),
};
vi.mock('wxt/browser', () => ({ browser: { storage: { local } } }));
const { loadInstallSecret } = await import('./install-secret.ts');
const KEY = 'anoghost/install-secret';

describe('install secret', () => {
  beforeEach(() => {
    area.clear();
    local.set.mockClear();
  });

  it('draws 32 random bytes once and returns the same ones afterwards', async () => {
    const first = await loadInstallSecret();
    expect(first).toBeInstanceOf(Uint8Array);
    expect(first.length).toBe(32);
    expect(first.some((b) => b !== 0)).toBe(true);
    expect(typeof area.get(KEY)).toBe('string'); // base64url in storage.local
    const again = await loadInstallSecret();
    expect(again).toEqual(first);
    expect(local.set).toHaveBeenCalledTimes(1);
  });

  it('installs differ', async () => {
    const one = await loadInstallSecret();
    area.clear();
    expect(await loadInstallSecret()).not.toEqual(one);
  });

  it('replaces a stored value that is not 32 bytes', async () => {
    for (const bad of [42, 'not base64url!', 'AAAA', 'A'.repeat(44), { secret: 'x' }]) {
      area.set(KEY, bad);
      const secret = await loadInstallSecret();
      expect(secret.length).toBe(32);
      expect(area.get(KEY)).not.toEqual(bad);
      expect(await loadInstallSecret()).toEqual(secret);
    }
  });
});
