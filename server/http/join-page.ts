/**
 * `GET /join`: where free-room join links point (`<server>/join#<code>`, shared/e2e/share-code.ts).
 * The room code sits in the fragment, which the browser never sends here. The extension's content
 * script offers to open the room in AnoGhost.
 */
import type { Hono } from 'hono';
import { JOIN_PATH } from '../../shared/e2e/share-code.ts';
import { addBridgePage } from './bridge-page.ts';

export function addJoinPage(app: Hono): void {
  addBridgePage(app, {
    path: JOIN_PATH,
    title: 'Join a room',
    heading: 'Join a room',
    mainId: 'anoghost-join',
    text: 'This is an AnoGhost room link. Install the AnoGhost browser extension to join the room.',
    style: `
  .error { color: #b3261e; }
  @media (prefers-color-scheme: dark) { .error { color: #ff8a80; } }
  button:disabled { opacity: .6; cursor: default; }
  button { font: inherit; padding: .5rem 1rem; border-radius: .5rem; border: 1px solid #6a5acd; background: #6a5acd; color: #fff; cursor: pointer; }`,
  });
}
