/**
 * `GET /connect` (PROTOCOL.md §1): the wallet bridge page. Wallet extensions inject only into web
 * pages, never into another extension's pages, so the AnoGhost extension opens this page and its
 * content script lists the wallets here (DESIGN.md "Extension"). Without the extension the page
 * only says so.
 */
import type { Hono } from 'hono';
import { addBridgePage } from './bridge-page.ts';

const CONNECT_PATH = '/connect';

export function addConnectPage(app: Hono): void {
  addBridgePage(app, {
    path: CONNECT_PATH,
    title: 'Connect a wallet',
    heading: 'Connect a wallet',
    mainId: 'anoghost-connect',
    text: 'Open this page from the AnoGhost extension to connect your Solana wallet.',
    imgSrc: 'data: https:',
    style: `
  ul { list-style: none; padding: 0; }
  li { margin: .5rem 0; }
  button { display: flex; align-items: center; gap: .75rem; width: 100%; padding: .6rem .8rem;
    font: inherit; border: 1px solid #7a7690; border-radius: .5rem; background: transparent; color: inherit; cursor: pointer; }
  button.secondary { display: inline-flex; width: auto; }
  .amount { font-size: 1.6rem; font-weight: 700; margin: .25rem 0; }
  .actions { display: flex; gap: .5rem; margin-top: 1rem; }
  img { width: 28px; height: 28px; }
  [role="status"] { min-height: 1.5em; }
  .error { color: #c0392b; }`,
  });
}
