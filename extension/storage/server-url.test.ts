import { describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', () => ({ browser: {} }));
const { isLocalServer, originPermission, parseServerUrl } = await import('./server-url.ts');

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

  it('refuses plain http for any host but this computer', () => {
    for (const remote of [
      'http://example.com',
      'http://example.com:8080/x',
      'http://192.168.1.5:8787',
      'http://[::1]:8787',
    ])
      expect(parseServerUrl(remote), remote).toMatchObject({
        ok: false,
        reason: expect.stringContaining('use https://'),
      });
    expect(parseServerUrl('http://example.com:8080')).toEqual({
      ok: false,
      reason:
        'plain http:// only reaches a server on this computer (127.0.0.1 or localhost); use https://example.com:8080',
    });
    expect(parseServerUrl('http://localhost:9000')).toEqual({ ok: true, origin: 'http://localhost:9000' });
    expect(isLocalServer('http://127.0.0.1:8787')).toBe(true);
    expect(isLocalServer('https://127.0.0.1:8787')).toBe(false);
    expect(isLocalServer('https://chat.example.org')).toBe(false);
  });

  it('asks for the host permission of any port of the origin', () => {
    expect(originPermission('https://chat.example.org:8443')).toBe('https://chat.example.org/*');
  });
});
