/**
 * Replaces the /join page's "install the extension" text with an "Open in AnoGhost" button. The
 * link (with the room code in its fragment) goes only to our background, which hands it to the
 * chat panel; the page and the server never see the code.
 */
import { browser } from 'wxt/browser';
import type { JoinLinkRequest } from '../../messaging/runtime-messages.ts';
import { JOIN_PAGE_ROOT_ID } from '../../messaging/server-pages.ts';

export function offerToJoin(): void {
  const root = document.getElementById(JOIN_PAGE_ROOT_ID);
  if (!root) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Open in AnoGhost';
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  button.addEventListener('click', () => {
    const request: JoinLinkRequest = { type: 'open-join-link', link: window.location.href };
    browser.runtime.sendMessage(request).then(
      () => {
        status.textContent = 'Opened in AnoGhost.';
      },
      () => {
        status.textContent = 'AnoGhost did not answer; open the chat panel and paste the link.';
      },
    );
  });
  const intro = document.createElement('p');
  intro.textContent = window.location.hash
    ? 'Join this room in your AnoGhost chat panel.'
    : 'This link has no room code after "#"; was it cut off?';
  root.replaceChildren(intro, button, status);
  button.disabled = !window.location.hash;
}
