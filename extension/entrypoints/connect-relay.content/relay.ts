/**
 * Relays between the background (runtime port) and the page's main world (window.postMessage).
 * Every message is validated on the way in; the main world can only answer requests, never start
 * its own, and nothing leaves this page except to our background. A page the background does not
 * adopt (not the tab it opened) has its port dropped, and the relay goes quiet.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import {
  BRIDGE_PORT,
  BRIDGE_SOURCE,
  BridgeDownward,
  type BridgeUpward,
  WorldEnvelope,
} from '../../messaging/bridge-messages.ts';

export function startRelay(): void {
  const port = browser.runtime.connect({ name: BRIDGE_PORT });
  let connected = true;
  port.onDisconnect.addListener(() => {
    connected = false;
  });
  port.onMessage.addListener((raw) => {
    const parsed = v.safeParse(BridgeDownward, raw);
    if (!parsed.success) return;
    const envelope: WorldEnvelope = { source: BRIDGE_SOURCE, direction: 'to-page', message: parsed.output };
    window.postMessage(envelope, window.location.origin);
  });
  window.addEventListener('message', (event) => {
    if (event.source !== window || event.origin !== window.location.origin) return;
    const parsed = v.safeParse(WorldEnvelope, event.data);
    if (!parsed.success || parsed.output.direction !== 'to-extension') return;
    const message: BridgeUpward = parsed.output.message;
    if (connected) port.postMessage(message);
  });
}
