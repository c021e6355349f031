/**
 * A room that closes while the panel is offline (issue #13): it stays in the chats, read-only,
 * with its last messages and why it closed, not silently gone. The server runs room time fast
 * (`roomSecondMs`), so a one-hour room ends within seconds while the connection is cut; on the way
 * back the panel says the room closed when the connection dropped, keeps what was said, offers no
 * composer, and (an expired room cannot be entered again) no Rejoin.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRoom,
  dropConnection,
  goHome,
  openChat,
  sendText,
  waitForMessage,
  waitForRoomStatus,
} from '../support/browser/chat-flows.ts';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectProfile } from '../support/browser/extension-flows.ts';
import { checkScreen } from '../support/browser/panel-checks.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ROOM_SECOND_MS = 4; // a 1-hour room lasts 14.4 s

let server: TestServer;
let alice: ChromiumProfile;
let panel: Page;

beforeAll(async () => {
  server = await startTestServer({}, { roomSecondMs: ROOM_SECOND_MS });
  alice = await launchChromiumProfile();
  await connectProfile(alice, server.url);
  panel = await openChat(alice);
  await panel.setViewport({ width: 360, height: 600 });
}, 120_000);

afterAll(async () => {
  await alice?.close();
  await server?.stop();
});

describe('a room that closed while offline', () => {
  it('stays listed, read-only, with its last messages and why it closed', async () => {
    await createRoom(panel, { name: 'Short lived' });
    await sendText(panel, 'said before the drop');
    const cut = await dropConnection(panel);
    await waitForRoomStatus(panel, 'rejoining');
    // Past the room's end (server time runs ×250), then the network is back.
    await new Promise((resolve) => setTimeout(resolve, 3_600 * ROOM_SECOND_MS + 1_000));
    await cut.restore();
    await panel.click('[data-testid="retry-now"]');
    await waitForRoomStatus(panel, 'closed', 30_000);

    const closed = await panel.$eval('[data-testid="room-closed"]', (el) => el.textContent ?? '');
    expect(closed).toContain('This room closed when the connection dropped');
    expect(closed).toContain('read-only');
    await waitForMessage(panel, 'said before the drop'); // what was said stays on screen
    expect(await panel.$('textarea[name="message"]')).toBeNull();
    expect(await panel.$('[data-testid="rejoin"]')).toBeNull(); // it expired: nothing to rejoin
    await checkScreen(alice, panel, 'room-closed');

    await goHome(panel);
    expect(await panel.$eval('[data-testid="chat-detail"]', (el) => el.textContent)).toContain('closed');
  });
});
