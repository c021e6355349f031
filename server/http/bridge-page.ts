/**
 * The pages the extension works through (`/connect`, `/join`): static HTML that runs no script and
 * loads nothing, served with a CSP that allows only inline style (and, where needed, wallet icons),
 * no caching and no referrer. The extension's content scripts are not bound by the page's CSP.
 */
import type { Hono } from 'hono';

const BASE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const BASE_STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; }
  h1 { font-size: 1.4rem; }
  button:focus-visible { outline: 2px solid #6a5acd; outline-offset: 2px; }`;

export interface BridgePage {
  path: string;
  title: string;
  /** The `<main>` element's id, which the content script fills in. */
  mainId: string;
  /** What the page says without the extension. */
  text: string;
  style: string;
  /** Extra CSP sources for images (wallet icons), e.g. `data: https:`. */
  imgSrc?: string;
}

export function addBridgePage(app: Hono, page: BridgePage): void {
  const csp = page.imgSrc ? `${BASE_CSP}; img-src ${page.imgSrc}` : BASE_CSP;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>AnoGhost · ${page.title}</title>
<style>${BASE_STYLE}${page.style}
</style>
</head>
<body>
<h1>👻 AnoGhost · ${page.title}</h1>
<main id="${page.mainId}" aria-live="polite">
<p>${page.text}</p>
</main>
</body>
</html>
`;
  app.get(page.path, (c) => {
    c.header('Content-Security-Policy', csp);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.html(html);
  });
}
