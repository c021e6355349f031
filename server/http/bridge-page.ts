/**
 * The pages the extension works through (`/connect`, `/join`): static HTML that runs no script and
 * loads nothing, served with a CSP that allows only inline style (and, where needed, wallet icons),
 * no caching and no referrer. The extension's content scripts are not bound by the page's CSP.
 */
import type { Hono } from 'hono';
import { GHOST_MARK_EYES, GHOST_MARK_PATH } from '../../shared/ghost-mark.ts';

const BASE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const BASE_STYLE = `
  :root { color-scheme: light dark; --bg: #fff; --fg: #1d1b26; --accent: #5443c9; --accent-fg: #fff; --muted: #5c5970; }
  @media (prefers-color-scheme: dark) {
    :root { --bg: #17161d; --fg: #ecebf3; --accent: #a79dff; --accent-fg: #17161d; --muted: #b0acc4; }
  }
  body { background: var(--bg); color: var(--fg); font: 1rem/1.5 system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; }
  header { display: flex; align-items: center; gap: .5rem; font-weight: 600; color: var(--muted); }
  .ghost-mark { width: 1.6rem; height: 1.6rem; }
  .ghost-mark .body { fill: var(--accent); }
  .ghost-mark .eye { fill: var(--accent-fg); }
  h1 { font-size: 1.4rem; }
  .muted { color: var(--muted); }
  button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }`;

/** The AnoGhost mark (shared/ghost-mark.ts) inline: the 👻 emoji is a box without an emoji font. */
const GHOST_MARK_SVG = `<svg class="ghost-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path class="body" d="${GHOST_MARK_PATH}"/>${GHOST_MARK_EYES.map(([cx, cy, r]) => `<circle class="eye" cx="${cx}" cy="${cy}" r="${r}"/>`).join('')}</svg>`;

export interface BridgePage {
  path: string;
  title: string;
  /** The page's heading inside `<main>`; the extension's script may replace it with what it asks for. */
  heading: string;
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
<title>${page.title} · AnoGhost</title>
<style>${BASE_STYLE}${page.style}
</style>
</head>
<body>
<header>${GHOST_MARK_SVG}<span>AnoGhost</span></header>
<main id="${page.mainId}" aria-live="polite">
<h1>${page.heading}</h1>
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
