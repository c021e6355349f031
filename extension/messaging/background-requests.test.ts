import { beforeEach, describe, expect, it, vi } from 'vitest';

const sendMessage = vi.fn<(message: unknown) => Promise<unknown>>();
vi.mock('wxt/browser', () => ({ browser: { runtime: { sendMessage } } }));
const { askBackground, BackgroundRequestError } = await import('./background-requests.ts');

const GHOST = { ghostId: 'g', issuedAt: 1, rotatesAt: 2, liveUntil: 3 };

describe('askBackground', () => {
  beforeEach(() => {
    sendMessage.mockReset();
  });

  it('sends the request and returns the reply its type gets', async () => {
    sendMessage.mockResolvedValue({ ok: true, value: GHOST });
    await expect(askBackground({ type: 'rotate' })).resolves.toEqual(GHOST);
    expect(sendMessage).toHaveBeenCalledWith({ type: 'rotate' });
  });

  it('refuses a reply that is not the one its request gets', async () => {
    sendMessage.mockResolvedValue({ ok: true, value: 'a string, not a ghostId' });
    await expect(askBackground({ type: 'rotate' })).rejects.toThrow('unexpected reply');
    sendMessage.mockResolvedValue({ ok: true, value: GHOST });
    await expect(askBackground({ type: 'sign-transaction', tx: 'AAAA', lamports: '1' })).rejects.toThrow(
      'unexpected reply',
    );
  });

  it('passes on the background’s own message, and says when it is silent or unreadable', async () => {
    sendMessage.mockResolvedValue({ ok: false, error: 'Not connected to the AnoGhost server yet.' });
    await expect(askBackground({ type: 'list-keys' })).rejects.toThrow(
      new BackgroundRequestError('Not connected to the AnoGhost server yet.'),
    );
    sendMessage.mockResolvedValue(undefined);
    await expect(askBackground({ type: 'list-keys' })).rejects.toThrow('unreadable reply');
    sendMessage.mockRejectedValue(new Error('Could not establish connection.'));
    await expect(askBackground({ type: 'list-keys' })).rejects.toThrow('not answering');
  });
});
