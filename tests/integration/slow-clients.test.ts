/**
 * Slow and silent clients (issue #10, "Slowloris"): half-sent requests and upgrades, idle keep-alive
 * connections and WebSockets that never answer are closed within their timeouts, and refused
 * sockets are destroyed at once. Raw TCP sockets play the client, so nothing is sent by accident.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameClient } from '../support/frame-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const SHORT = { headersMs: 300, requestMs: 600, keepAliveMs: 300 };
const CHECK_SLACK_MS = 700; // Node checks header and request timeouts every ~headersMs/4; loaded cores

const started: TestServer[] = [];
afterEach(async () => {
  for (const server of started.splice(0)) await server.stop();
});

async function serverWith(env: Record<string, string> = {}, options = {}) {
  const server = await startTestServer(env, { httpTimeouts: SHORT, ...options });
  started.push(server);
  return server;
}

/** A raw TCP connection to the server that records what it receives and when it is closed. */
async function rawSocket(
  server: TestServer,
): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const socket = connect({ host: '127.0.0.1', port: server.port, allowHalfOpen: true });
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const openedAt = Date.now();
  const closed = new Promise<number>((resolve) => {
    socket.once('end', () => resolve(Date.now() - openedAt));
    socket.once('close', () => resolve(Date.now() - openedAt));
  });
  return { socket, received: () => received, closed };
}

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms)),
  ]);

const upgradeHead = (server: TestServer) =>
  `GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';

describe('HTTP timeouts', () => {
  it('closes a half-sent request within the headers timeout', async () => {
    const server = await serverWith();
    const raw = await rawSocket(server);
    raw.socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const ms = await within(raw.closed, SHORT.headersMs + CHECK_SLACK_MS, 'close');
    expect(ms).toBeGreaterThanOrEqual(SHORT.headersMs - 50);
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a half-sent WebSocket upgrade within the headers timeout', async () => {
    const server = await serverWith();
    const raw = await rawSocket(server);
    raw.socket.write(upgradeHead(server)); // no blank line: the headers never end
    await within(raw.closed, SHORT.headersMs + CHECK_SLACK_MS, 'close');
    expect(raw.received()).not.toContain('101');
  });

  it('closes a connection that sends nothing', async () => {
    const server = await serverWith();
    const raw = await rawSocket(server);
    await within(raw.closed, SHORT.headersMs + CHECK_SLACK_MS, 'close');
  });

  it('closes a request whose body trickles in within the request timeout', async () => {
    const server = await serverWith();
    const raw = await rawSocket(server);
    raw.socket.write('POST /v1/ghosts/check HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"ghost');
    const trickle = setInterval(() => raw.socket.write(' '), 100);
    try {
      await within(raw.closed, SHORT.requestMs + CHECK_SLACK_MS, 'close');
    } finally {
      clearInterval(trickle);
    }
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const server = await serverWith();
    const raw = await rawSocket(server);
    raw.socket.write('GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n');
    const nodeBufferMs = 1_000; // Node adds this to the keep-alive timeout, past what it announces
    const ms = await within(raw.closed, SHORT.keepAliveMs + nodeBufferMs + CHECK_SLACK_MS, 'close');
    expect(raw.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(ms).toBeGreaterThanOrEqual(SHORT.keepAliveMs - 50);
  });
});

describe('silent and refused sockets', () => {
  it('drops a WebSocket that never answers the close after the sign-in deadline', async () => {
    const server = await serverWith({}, { signInDeadlineMs: 200 });
    const raw = await rawSocket(server);
    raw.socket.write(`${upgradeHead(server)}\r\n`);
    // The server sends the challenge, then at the deadline a 4401 close frame this client ignores.
    await within(raw.closed, 200 + 2_000 + 1_500, 'close'); // `ws` alone would wait 30 s more
    expect(raw.received()).toMatch(/^HTTP\/1\.1 101/);
  }, 10_000);

  it('counts every socket of an address, so held-open sockets cannot crowd out the others', async () => {
    const server = await serverWith({
      ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '3',
      ANOGHOST_MAX_PENDING_PER_ADDRESS: '3',
    });
    const held = await Promise.all([rawSocket(server), rawSocket(server), rawSocket(server)]);
    const refused = await FrameClient.attempt(server.wsUrl);
    expect(refused).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    const elsewhere = await FrameClient.attempt(server.wsUrl, { localAddress: '127.0.0.2' }); // another peer
    expect(elsewhere).toBeInstanceOf(FrameClient);
    (elsewhere as FrameClient).close();
    await Promise.all(held.map((raw) => within(raw.closed, SHORT.headersMs + CHECK_SLACK_MS, 'close')));
    const client = await FrameClient.attempt(server.wsUrl);
    expect(client).toBeInstanceOf(FrameClient);
    (client as FrameClient).close();
  });

  it('gives back the cap share of an upgrade whose handshake fails', async () => {
    const server = await serverWith({
      ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '2',
      ANOGHOST_MAX_PENDING_PER_ADDRESS: '1',
    });
    for (let i = 0; i < 3; i++) {
      const raw = await rawSocket(server);
      raw.socket.write(
        `${upgradeHead(server).replace('Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 99')}\r\n`,
      );
      await within(raw.closed, 1_000, 'close');
      expect(raw.received()).toMatch(/^HTTP\/1\.1 400/); // refused by `ws`, not by a cap
      raw.socket.destroy();
    }
    const client = await FrameClient.attempt(server.wsUrl);
    expect(client).toBeInstanceOf(FrameClient);
    (client as FrameClient).close();
  });

  it('destroys a refused upgrade at once: the server reads nothing more from it', async () => {
    const server = await serverWith({ ANOGHOST_MAX_CONNECTIONS: '1' });
    const holder = await FrameClient.attempt(server.wsUrl);
    expect(holder).toBeInstanceOf(FrameClient);
    for (const request of [
      `${upgradeHead(server)}\r\n`,
      `${upgradeHead(server).replace('/v1/ws', '/v1/nope')}\r\n`,
    ]) {
      const raw = await rawSocket(server);
      raw.socket.write(request);
      await within(raw.closed, 1_000, 'end'); // the server's FIN after its response
      expect(raw.received()).toMatch(/^HTTP\/1\.1 (503|404)/);
      const reset = new Promise<string>((resolve) => {
        raw.socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        raw.socket.once('close', () => resolve('closed'));
      });
      const poke = setInterval(() => raw.socket.write('more bytes\r\n'), 50);
      try {
        expect(await within(reset, 1_000, 'reset')).toMatch(/ECONNRESET|EPIPE|closed/);
      } finally {
        clearInterval(poke);
        raw.socket.destroy();
      }
    }
    (holder as FrameClient).close();
  });
});
