import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerFrame } from '../../shared/protocol/server-frames.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('bad input and limits (PROTOCOL.md §5)', () => {
  const badFrames: Array<[string, string]> = [
    ['not JSON', '{"t":'],
    ['a JSON array', '[1,2]'],
    ['JSON null', 'null'],
    ['a frame without t', '{"id":1}'],
    ['an unknown type', '{"t":"teleport","id":1}'],
    ['a check without ghostIds', '{"t":"check","id":1}'],
    ['a check with numbers', '{"t":"check","id":1,"ghostIds":[1,2]}'],
    ['an id too long', `{"t":"ping","id":"${'x'.repeat(65)}"}`],
    ['an id that is an object', '{"t":"ping","id":{"a":1}}'],
    [
      'a join with both room and key',
      `{"t":"join","id":1,"room":"${'A'.repeat(43)}","key":"11111111111111111111111111111111"}`,
    ],
    ['a join with a version-1 bundle', `{"t":"join","id":1,"room":"${'A'.repeat(43)}","bundle":"AA"}`],
    ['the version-1 typing frame', `{"t":"typing","id":1,"room":"${'A'.repeat(43)}"}`],
    [
      'a commit without nextKey',
      `{"t":"commit","id":1,"room":"${'A'.repeat(43)}","epoch":0,"commit":null,"groupInfo":"AA"}`,
    ],
    ['a send with non-b64u ct', `{"t":"send","room":"${'A'.repeat(43)}","ct":"not base64!"}`],
  ];
  for (const [name, text] of badFrames) {
    it(`answers ${name} with bad_request and keeps the session usable`, async () => {
      const { client } = await connectSignedIn(server);
      client.send(text);
      const error = await client.next('error');
      expect(error.code).toBe('bad_request');
      expect(String(error.message).length).toBeGreaterThan(3);
      client.send({ t: 'ping', id: 'still-here' });
      expect(await client.next('pong')).toMatchObject({ id: 'still-here' });
      client.close();
    });
  }

  it('echoes the request id on bad_request when it is readable', async () => {
    const { client } = await connectSignedIn(server);
    client.send({ t: 'check', id: 'q1', ghostIds: 'nope' });
    expect(await client.next('error')).toMatchObject({ code: 'bad_request', id: 'q1' });
    client.close();
  });

  it('answers binary frames with bad_request', async () => {
    const { client } = await connectSignedIn(server);
    client.ws.send(Buffer.from([1, 2, 3]));
    expect(await client.next('error')).toMatchObject({ code: 'bad_request' });
    client.close();
  });

  it('closes with 4400 after repeated malformed frames, without touching other sessions', async () => {
    const bystander = await connectSignedIn(server);
    const { client } = await connectSignedIn(server);
    for (let i = 0; i < 40; i++) client.send('garbage');
    expect((await client.waitClosed()).code).toBe(4400);
    bystander.client.send({ t: 'rotate', id: 'ok' });
    expect(await bystander.client.next('ghost')).toMatchObject({ id: 'ok' });
    bystander.client.close();
  });

  it('closes with 1009 on a frame larger than 320 KiB (321 KiB)', async () => {
    const { client } = await connectSignedIn(server);
    client.send({ t: 'ping', pad: 'x'.repeat(321 * 1024) });
    expect((await client.waitClosed()).code).toBe(1009);
  });

  it('closes with 1009 on a frame one byte over 320 KiB', async () => {
    const { client } = await connectSignedIn(server);
    const frame = { t: 'ping', id: 'big', pad: '' };
    frame.pad = 'x'.repeat(320 * 1024 + 1 - JSON.stringify(frame).length);
    client.send(frame);
    expect((await client.waitClosed()).code).toBe(1009);
  });

  it('accepts a frame of exactly 320 KiB', async () => {
    const { client } = await connectSignedIn(server);
    const frame = { t: 'ping', id: 'big', pad: '' };
    frame.pad = 'x'.repeat(320 * 1024 - JSON.stringify(frame).length);
    client.send(frame);
    expect(await client.next('pong')).toMatchObject({ id: 'big' });
    client.close();
  });

  it('closes with 1007 on invalid UTF-8 text', async () => {
    const { client } = await connectSignedIn(server);
    // A text frame whose payload is not UTF-8 (ws lets the sender mark raw bytes as text).
    client.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await client.waitClosed()).code).toBe(1007);
  });

  it('answers a flood with rate_limited, then serves the session again', async () => {
    const { client } = await connectSignedIn(server);
    for (let i = 0; i < 150; i++) client.send({ t: 'ping', id: i });
    const limited = await client.next((f) => f.t === 'error' && f.code === 'rate_limited');
    expect(typeof limited.id).toBe('number');
    await new Promise((r) => setTimeout(r, 1500));
    client.send({ t: 'ping', id: 'after' });
    expect(await client.next((f) => f.t === 'pong' && f.id === 'after')).toBeTruthy();
    expect(client.closed).toBeUndefined();
    client.close();
  });

  it('answers a flood of frames with unsafe ids with valid frames only', async () => {
    const t0 = Date.now();
    const frozen = await startTestServer({}, { now: () => t0 }); // the bucket does not refill
    const { client } = await connectSignedIn(frozen);
    // The burst (100, one spent on auth) passes; the rest is refused unparsed, its ids read cheaply.
    for (let i = 0; i < 99; i++) client.send({ t: 'ping', id: i });
    for (const id of ['9999999999999999', '1.5', '-9007199254740993']) client.send(`{"t":"ping","id":${id}}`);
    client.send('{"t":"ping","x":{"id":98}}');
    await client.next((f) => f.t === 'pong' && f.id === 98);
    client.send({ t: 'rotate', id: 'after' }); // refused too, the id read
    await client.next((f) => f.id === 'after');
    const refused = client.received.filter((f) => f.code === 'rate_limited');
    expect(refused.map((f) => f.id)).toEqual([undefined, undefined, undefined, undefined, 'after']);
    const invalid = client.received.filter((f) => !v.is(ServerFrame, f));
    expect(invalid).toEqual([]);
    client.close();
    await frozen.stop();
  });

  it('closes a session that keeps flooding with 4408', async () => {
    const { client } = await connectSignedIn(server);
    for (let i = 0; i < 600; i++) client.send({ t: 'ping' });
    expect((await client.waitClosed()).code).toBe(4408);
  });

  it('honours ANOGHOST_FRAME_RATE', async () => {
    const relaxed = await startTestServer({ ANOGHOST_FRAME_RATE: '1000' });
    const { client } = await connectSignedIn(relaxed);
    for (let i = 0; i < 600; i++) client.send({ t: 'ping', id: i });
    await client.next((f) => f.t === 'pong' && f.id === 599);
    expect(client.received.some((f) => f.code === 'rate_limited')).toBe(false);
    client.close();
    await relaxed.stop();
  });
});

describe('idle sessions', () => {
  /**
   * Idle time 3 s with a ping every 100 ms: only a stall of ~3 s on a loaded machine could close
   * the pinging session. After the silent one closes, the pinging one must outlive a further half
   * idle time, so it would be gone by then if pings did not count.
   */
  it('closes a session silent for the idle time, and keeps one that pings', async () => {
    const idleMs = 3000;
    const quick = await startTestServer({}, { idleMs });
    const started = Date.now(); // before the silent session's last frame
    const silent = await connectSignedIn(quick);
    const chatty = await connectSignedIn(quick);
    const timer = setInterval(() => chatty.client.ws.ping(), 100);
    const closed = await silent.client.waitClosed(15_000);
    expect(closed).toEqual({ code: 1000, reason: 'idle' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(idleMs);
    await new Promise((r) => setTimeout(r, idleMs / 2));
    expect(chatty.client.closed).toBeUndefined();
    clearInterval(timer);
    chatty.client.close();
    await quick.stop();
  }, 30_000);
});
