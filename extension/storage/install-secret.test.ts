/** The per-install secret: made once, the same afterwards, replaced only when unreadable. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeStorageArea } from '../../tests/support/fake-extension-storage.ts';

const local = createFakeStorageArea();
vi.mock('wxt/browser', () => ({ browser: { storage: { local } } }));
const { forgetCachedInstallSecret, loadInstallSecret } = await import('./install-secret.ts');

beforeEach(() => {
  local.map.clear();
  forgetCachedInstallSecret();
});

describe('install secret', () => {
  it('is made once, even when asked twice at once, and read back after a restart', async () => {
    const [a, b] = await Promise.all([loadInstallSecret(), loadInstallSecret()]);
    expect(a).toHaveLength(32);
    expect(b).toEqual(a);
    a.fill(0); // a caller wiping its copy changes nothing stored
    forgetCachedInstallSecret();
    expect(await loadInstallSecret()).toEqual(b);
  });

  it('replaces a stored value that is not 32 bytes of base64url', async () => {
    local.map.set('anoghost/install-secret', 'AAAA');
    const secret = await loadInstallSecret();
    expect(secret).toHaveLength(32);
    expect(local.map.get('anoghost/install-secret')).not.toBe('AAAA');
  });
});
