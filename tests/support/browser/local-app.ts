/**
 * An unrelated web app on this computer (another port than AnoGhost's server) with pages at the
 * paths AnoGhost's server uses, `/connect` and `/join`: the extension must leave them alone. Also
 * serves `/` as a page other tests use to play a hostile page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

/** What each page shows; a test compares the page with it after the extension had its chance. */
export const LOCAL_APP_PAGES: Record<string, string> = {
  '/connect': page('connect', '<h1>Connect your printer</h1><p id="app">This is another app’s own page.</p>'),
  '/join': page('join', '<main id="anoghost-join"><p>Join our book club.</p></main>'),
  '/': page('home', '<p>Just a page.</p>'),
};

export interface LocalApp {
  url: string;
  close(): Promise<void>;
}

export async function startLocalApp(): Promise<LocalApp> {
  const server: Server = createServer((req, res) => {
    const html = LOCAL_APP_PAGES[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
