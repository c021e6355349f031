/**
 * `GET /join`: where free-room join links point (`<server>/join#<code>`, shared/e2e/share-code.ts).
 * The room code sits in the fragment, which the browser never sends here. The page runs no
 * script; the extension's content script offers to open the room in AnoGhost.
 */
import type { Hono } from 'hono';

export const JOIN_PATH = '/join';

const JOIN_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const JOIN_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>AnoGhost · join a room</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; }
  h1 { font-size: 1.4rem; }
  button { font: inherit; padding: .5rem 1rem; border-radius: .5rem; border: 1px solid #6a5acd; background: #6a5acd; color: #fff; cursor: pointer; }
  button:focus-visible { outline: 2px solid #6a5acd; outline-offset: 2px; }
</style>
</head>
<body>
<h1>👻 AnoGhost · join a room</h1>
<main id="anoghost-join" aria-live="polite">
<p>This is an AnoGhost room link. Install the AnoGhost browser extension to join the room.</p>
</main>
</body>
</html>
`;

export function addJoinPage(app: Hono): void {
  app.get(JOIN_PATH, (c) => {
    c.header('Content-Security-Policy', JOIN_PAGE_CSP);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(JOIN_PAGE_HTML);
  });
}
