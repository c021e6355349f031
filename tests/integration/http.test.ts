import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGhostCard } from '../../shared/crypto/ghost-card.ts';
import { treasuryOf } from '../support/paid-harness.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const post = (path: string, body: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('HTTP endpoints (PROTOCOL.md §1)', () => {
  it('GET /v1/health reports version, cluster, store, epochs and the treasury', async () => {
    const res = await fetch(`${server.url}/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      version: '0.1.0',
      cluster: 'localnet',
      store: 'memory',
      epochSeconds: 300,
      epochWindow: 12,
      treasury: treasuryOf(server),
    });
  });

  it('GET /v1/health names no treasury when paid chats are off', async () => {
    const unpaid = await startTestServer({}, { paidChats: false });
    try {
      const health = (await (await fetch(`${unpaid.url}/v1/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ ok: true, cluster: 'localnet' });
      expect(health).not.toHaveProperty('treasury');
    } finally {
      await unpaid.stop();
    }
  });

  it('POST /v1/ghosts/check follows the check rules', async () => {
    const { client, ghost } = await connectSignedIn(server);
    const res = await post('/v1/ghosts/check', JSON.stringify({ ghostIds: [ghost.ghostId, 'x'.repeat(92)] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ live: [true, false] });
    client.close();
  });

  it('POST /v1/ghosts/check reads ghost cards as their ghostIds and refuses a malformed card', async () => {
    const { client, ghost } = await connectSignedIn(server);
    const card = formatGhostCard(String(ghost.ghostId), new Uint8Array(32).fill(5));
    const res = await post(
      '/v1/ghosts/check',
      JSON.stringify({ ghostIds: [card, `${'x'.repeat(92)}.${card.slice(-43)}`] }),
    );
    expect(await res.json()).toEqual({ live: [true, false] });
    const bad = await post('/v1/ghosts/check', JSON.stringify({ ghostIds: [`${ghost.ghostId}.not-a-key`] }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/ghost card/),
    });
    client.close();
  });

  it('POST /v1/ghosts/check refuses malformed bodies with 400 bad_request', async () => {
    for (const body of [
      'nope',
      '{}',
      '{"ghostIds":"x"}',
      JSON.stringify({ ghostIds: Array(33).fill('a') }),
    ]) {
      const res = await post('/v1/ghosts/check', body);
      expect(res.status, body).toBe(400);
      expect(await res.json()).toMatchObject({ t: 'error', code: 'bad_request' });
    }
  });

  it('POST /v1/ghosts/check does not echo a malformed value back', async () => {
    const res = await post('/v1/ghosts/check', JSON.stringify({ ghostIds: 'Z'.repeat(20_000) }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string };
    expect(body.message).not.toContain('ZZZ');
    expect(body.message.length).toBeLessThan(100);
  });

  /** A frozen server clock: the bucket does not refill during a flood, so counts are exact. */
  const frozen = () => {
    const t0 = Date.now();
    return { now: () => t0 };
  };

  it('POST /v1/ghosts/check is rate-limited per address', async () => {
    const limited = await startTestServer({}, frozen());
    const statuses = await Promise.all(
      Array.from({ length: 80 }, () =>
        fetch(`${limited.url}/v1/ghosts/check`, { method: 'POST', body: '{"ghostIds":[]}' }).then(
          (r) => r.status,
        ),
      ),
    );
    expect(statuses.filter((s) => s === 200).length).toBe(40); // the burst
    expect(statuses.filter((s) => s === 429).length).toBe(40);
    await limited.stop();
  });

  it('counts checks per forwarded client behind a trusted proxy, and ignores the header otherwise', async () => {
    const flood = (url: string, forwardedFor: string) =>
      Promise.all(
        Array.from({ length: 60 }, () =>
          fetch(`${url}/v1/ghosts/check`, {
            method: 'POST',
            headers: { 'x-forwarded-for': forwardedFor },
            body: '{"ghostIds":[]}',
          }).then((r) => r.status),
        ),
      );
    const ok = (statuses: number[]) => statuses.filter((s) => s === 200).length;
    const proxied = await startTestServer({ ANOGHOST_TRUST_PROXY: '127.0.0.1' }, frozen());
    expect(ok(await flood(proxied.url, '198.51.100.1'))).toBe(40); // burst 40, then 429
    expect(ok(await flood(proxied.url, '198.51.100.2'))).toBe(40); // its own bucket
    await proxied.stop();
    const direct = await startTestServer({}, frozen());
    expect(ok(await flood(direct.url, '198.51.100.1'))).toBe(40);
    expect(ok(await flood(direct.url, '198.51.100.2'))).toBe(0); // a spoofed header changes nothing
    await direct.stop();
  });

  it('refuses bodies over 64 KiB with 413', async () => {
    const res = await post('/v1/ghosts/check', JSON.stringify({ ghostIds: ['x'.repeat(70_000)] }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ t: 'error', code: 'too_large' });
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await fetch(`${server.url}/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });

  it('keeps its data dir at 0700 with a 0600 master key', () => {
    expect(statSync(server.dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(server.dataDir, 'master.key')).mode & 0o777).toBe(0o600);
  });
});
