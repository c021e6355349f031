/** A tiny web page with editable fields on 127.0.0.1 (context-menu tests). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fields</title></head>
<body><label>Message <textarea id="field"></textarea></label><p id="text">Some page text.</p></body></html>`;

export interface FieldPage {
  url: string;
  close(): Promise<void>;
}

export async function startFieldPage(): Promise<FieldPage> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
