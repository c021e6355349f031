import { describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', () => ({ browser: {} }));
const { originPermission, parseServerUrl } = await import('./server-url.ts');

describe('server URL setting', () => {
  it('reads what a person types into an origin', () => {
    expect(parseServerUrl('  http://127.0.0.1:8787/ ')).toEqual({
      ok: true,
      origin: 'http://127.0.0.1:8787',
    });
    expect(parseServerUrl('https://chat.example.org/some/path')).toEqual({
      ok: true,
      origin: 'https://chat.example.org',
    });
  });

  it('refuses what is not an http(s) URL, with a reason', () => {
    expect(parseServerUrl('127.0.0.1:8787').ok).toBe(false);
    expect(parseServerUrl('ftp://example.org')).toEqual({
      ok: false,
      reason: 'the URL must start with http:// or https://',
    });
  });

  it('asks for the host permission of any port of the origin', () => {
    expect(originPermission('https://chat.example.org:8443')).toBe('https://chat.example.org/*');
  });
});
