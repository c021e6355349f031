import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { addConnectPage } from './connect-page.ts';
import { addJoinPage } from './join-page.ts';

describe('bridge pages', () => {
  const app = new Hono();
  addConnectPage(app);
  addJoinPage(app);

  it('serves the bridge page with a strict CSP and the mount point the extension fills', async () => {
    const res = await app.request('/connect');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('id="anoghost-connect"');
    expect(html).not.toContain('<script');
  });

  it('serves the join page without scripts; the room code stays in the fragment', async () => {
    const res = await app.request('/join');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('id="anoghost-join"');
    expect(html).not.toContain('<script');
  });
});
