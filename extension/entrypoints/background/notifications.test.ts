/** The notifier against a stand-in browser: no content by default, new invitations only, the badge total. */
import { describe, expect, it, vi } from 'vitest';

const create = vi.fn(async () => 'id');
const setBadgeText = vi.fn(async () => {});
vi.mock('wxt/browser', () => ({ browser: { notifications: { create }, action: { setBadgeText } } }));
const { Notifier } = await import('./notifications.ts');

const invitation = (invite: string) => ({
  invite,
  name: 'Plans',
  ttl: null,
  msgTtl: null,
  chatExpiresAt: 1,
  expiresAt: 1,
});

describe('notifier', () => {
  it('says only "New message" without a preview, and the preview when given', () => {
    const notifier = new Notifier();
    notifier.message(undefined, undefined);
    notifier.message('Weekend plans', 'bob: see you');
    expect(notifier.shown).toEqual([
      { title: 'AnoGhost', message: 'New message' },
      { title: 'Weekend plans', message: 'bob: see you' },
    ]);
    expect(create).toHaveBeenCalledTimes(2);
  });

  it('notifies a new invitation once, not those kept from an earlier worker', () => {
    const notifier = new Notifier();
    notifier.knowInvitations([invitation('a')]);
    notifier.invitationsChanged([invitation('a')]);
    expect(notifier.shown).toEqual([]);
    notifier.invitationsChanged([invitation('a'), invitation('b')]);
    notifier.invitationsChanged([invitation('b')]);
    expect(notifier.shown).toEqual([{ title: 'AnoGhost', message: 'New invitation' }]);
  });

  it('badges unread messages plus pending invitations, and clears at zero', () => {
    const notifier = new Notifier();
    notifier.setUnread(3);
    expect(setBadgeText).toHaveBeenLastCalledWith({ text: '3' });
    notifier.invitationsChanged([invitation('c')]);
    expect(setBadgeText).toHaveBeenLastCalledWith({ text: '4' });
    notifier.setUnread(0);
    notifier.invitationsChanged([]);
    expect(setBadgeText).toHaveBeenLastCalledWith({ text: '' });
  });
});
