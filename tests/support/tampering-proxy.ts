/**
 * A malicious server for the browser tests: a small HTTP + WebSocket proxy in front of the real
 * server that can rewrite what the server says (a frame, the `/v1/health` body) on its way to the
 * client, and passes everything else through untouched. The real server stays the real server: it
 * signs in, quotes and relays; the proxy only plays a server that lies.
 *
 * The proxy's own address is the server's address for the client, so the server behind it is
 * started with `ANOGHOST_DOMAIN` set to the proxy's host (see `proxyHost`).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';

export type Json = Record<string, unknown>;

/** How the proxy lies; each rewrite gets what the server sent and returns what the client gets. */
export interface Tampering {
  frame?(frame: Json): Json;
  health?(body: Json): Json;
}

export interface TamperingProxy {
  url: string;
  /** `host:port`, what the server behind it must name as its sign-in domain. */
  host: string;
  /** Replaces the current rewrites (none: the proxy is honest). */
  tamper(tampering: Tampering): void;
  /** Where requests go (the real server's URL). */
  forwardTo(serverUrl: string): void;
  /** Cuts every WebSocket (as a network drop would): clients reconnect and hear a new challenge. */
  dropConnections(): void;
  close(): Promise<void>;
}

const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
]);

export async function startTamperingProxy(): Promise<TamperingProxy> {
  let target = '';
  let tampering: Tampering = {};
  const sockets = new WebSocketServer({ noServer: true });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
      const upstream = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers: forwardable(req),
        body,
      });
      const headers = Object.fromEntries([...upstream.headers].filter(([name]) => !HOP_HEADERS.has(name)));
      let text = await upstream.text();
      if (req.url === '/v1/health' && tampering.health)
        text = JSON.stringify(tampering.health(JSON.parse(text)));
      res.writeHead(upstream.status, headers);
      res.end(text);
    })().catch(() => {
      res.writeHead(502);
      res.end();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.handleUpgrade(req, socket, head, (client) =>
      relay(client, `${target.replace(/^http/, 'ws')}${req.url}`),
    );
  });
  const relay = (client: WebSocket, url: string) => {
    const upstream = new WebSocket(url);
    const early: string[] = [];
    upstream.on('open', () => {
      for (const text of early.splice(0)) upstream.send(text);
    });
    client.on('message', (data) => {
      if (upstream.readyState === WebSocket.OPEN) upstream.send(String(data));
      else early.push(String(data));
    });
    upstream.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Json;
      client.send(JSON.stringify(tampering.frame ? tampering.frame(frame) : frame));
    });
    const closeBoth = (code: number, reason: Buffer) => {
      const sendable = code >= 1000 && code < 5000 && code !== 1005 && code !== 1006 ? code : 1000;
      for (const ws of [client, upstream])
        if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)
          ws.close(sendable, reason);
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', () => {});
    upstream.on('error', () => client.terminate());
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    tamper(next) {
      tampering = next;
    },
    forwardTo(serverUrl) {
      target = serverUrl;
    },
    dropConnections() {
      for (const ws of sockets.clients) ws.terminate();
    },
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function forwardable(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string' && !HOP_HEADERS.has(name) && name !== 'host') headers[name] = value;
  return headers;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8'); // the server takes JSON bodies only
}
