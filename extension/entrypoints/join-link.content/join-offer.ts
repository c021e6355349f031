/**
 * Replaces the /join page's "install the extension" text with an "Open in AnoGhost" button. The
 * link (with the room code in its fragment) goes only to our background, which hands it to the
 * chat panel; the page and the server never see the code. Only on the configured server's page,
 * and only for a click a person made: the page's own script can call `button.click()`, but that
 * event is not `isTrusted`. The panel still asks before it joins. A link whose code cannot be a
 * room code says why here, next to a disabled button (issue #13: it used to open the chat with no
 * visible error).
 */
import { browser } from 'wxt/browser';
import { JOIN_PATH, parseShareInput } from '../../../shared/e2e/share-code.ts';
import type { JoinLinkRequest } from '../../messaging/runtime-messages.ts';
import { isServerPage, JOIN_PAGE_ROOT_ID } from '../../messaging/server-pages.ts';
import { loadServerUrl } from '../../storage/server-url.ts';

export async function offerToJoin(): Promise<void> {
  const root = document.getElementById(JOIN_PAGE_ROOT_ID);
  if (!root || !isServerPage(window.location.href, await loadServerUrl(), JOIN_PATH)) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Open in AnoGhost';
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  button.addEventListener('click', (event) => {
    if (!event.isTrusted) return;
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
  const parsed = parseShareInput(window.location.href);
  if (parsed.ok) {
    intro.textContent = 'Join this room in your AnoGhost chat panel.';
  } else {
    intro.className = 'error';
    intro.setAttribute('role', 'alert');
    intro.textContent = `This link cannot open a room: ${parsed.reason}.`;
  }
  root.replaceChildren(intro, button, status);
  button.disabled = !parsed.ok;
}
