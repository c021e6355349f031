/** The `storage.session` stores of invite secrets and pending invitations: validated, ended dropped. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeB64u } from '../../shared/encoding.ts';
import { createFakeStorageArea } from '../../tests/support/fake-extension-storage.ts';

const session = createFakeStorageArea();
vi.mock('wxt/browser', () => ({ browser: { storage: { session } } }));
const { loadInviteSecrets, saveInviteSecrets } = await import('./invite-secrets.ts');
const { loadPendingInvitations, savePendingInvitations } = await import('./pending-invitations.ts');

const NOW = 1_800_000_000_000;
const SECRET = encodeB64u(new Uint8Array(32).fill(1));
const PAYLOAD = { v: 2 as const, secret: SECRET, name: 'Plans', expiresAt: NOW + 10_000 };

beforeEach(() => session.map.clear());

describe('session stores', () => {
  it('keeps invite secrets until their ghostId window ends, and drops malformed ones', async () => {
    await saveInviteSecrets([
      { ghostId: 'ghostA', secret: SECRET, liveUntil: NOW + 1_000 },
      { ghostId: 'ghostB', secret: SECRET, liveUntil: NOW + 2_000 },
    ]);
    expect((await loadInviteSecrets(NOW + 1_000)).map((e) => e.ghostId)).toEqual(['ghostB']);
    session.map.set('anoghost/invite-secrets', [
      { ghostId: 'a.b', secret: SECRET, liveUntil: NOW + 1 },
      { ghostId: 'ok', secret: 'short', liveUntil: NOW + 1 },
      { ghostId: 'ok', secret: SECRET, liveUntil: NOW + 1 },
    ]);
    expect(await loadInviteSecrets(NOW)).toEqual([{ ghostId: 'ok', secret: SECRET, liveUntil: NOW + 1 }]);
  });

  it('keeps pending invitations soonest first, dropping ended and malformed ones', async () => {
    await savePendingInvitations([
      { invite: 'B'.repeat(22), expiresAt: NOW + 2_000, payload: PAYLOAD },
      { invite: 'A'.repeat(22), expiresAt: NOW + 1_000, payload: PAYLOAD },
      { invite: 'C'.repeat(22), expiresAt: NOW - 1, payload: PAYLOAD },
    ]);
    expect((await loadPendingInvitations(NOW)).map((e) => e.invite[0])).toEqual(['A', 'B']);
    session.map.set('anoghost/pending-invitations', [
      { invite: 'A'.repeat(22), expiresAt: NOW + 1, payload: { ...PAYLOAD, extra: 1 } },
      { invite: 'short', expiresAt: NOW + 1, payload: PAYLOAD },
    ]);
    expect(await loadPendingInvitations(NOW)).toEqual([]);
  });
});
