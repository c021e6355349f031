/**
 * `GET /connect` (PROTOCOL.md §1): the wallet bridge page. Wallet extensions inject only into web
 * pages, never into another extension's pages, so the AnoGhost extension opens this page and its
 * content script lists the wallets here (DESIGN.md "Extension"). The page itself runs no script
 * and loads nothing; without the extension it only says so.
 */
import type { Hono } from 'hono';

export const CONNECT_PATH = '/connect';

// Content scripts declared by extensions are not subject to the page's CSP; the page needs nothing.
const CONNECT_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CONNECT_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>AnoGhost · connect a wallet</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; }
  h1 { font-size: 1.4rem; }
  ul { list-style: none; padding: 0; }
  li { margin: .5rem 0; }
  button { display: flex; align-items: center; gap: .75rem; width: 100%; padding: .6rem .8rem;
    font: inherit; border: 1px solid #8886; border-radius: .5rem; background: transparent; color: inherit; cursor: pointer; }
  button:focus-visible { outline: 2px solid #6a5acd; outline-offset: 2px; }
  img { width: 28px; height: 28px; }
  [role="status"] { min-height: 1.5em; }
  .error { color: #c0392b; }
</style>
</head>
<body>
<h1>👻 AnoGhost · connect a wallet</h1>
<main id="anoghost-connect" aria-live="polite">
<p>Open this page from the AnoGhost extension to connect your Solana wallet.</p>
</main>
</body>
</html>
`;

export function addConnectPage(app: Hono): void {
  app.get(CONNECT_PATH, (c) => {
    c.header('Content-Security-Policy', CONNECT_PAGE_CSP);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(CONNECT_PAGE_HTML);
  });
}
