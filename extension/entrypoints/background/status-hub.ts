/** Pushes every status change to the pages that hold a `STATUS_PORT` port (popup, side panel). */
import { type Browser, browser } from 'wxt/browser';
import { STATUS_PORT, type StatusUpdate } from '../../messaging/runtime-messages.ts';
import type { ConnectionManager } from './connection-manager.ts';

export function publishStatus(manager: ConnectionManager): void {
  const ports = new Set<Browser.runtime.Port>();
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== STATUS_PORT || port.sender?.id !== browser.runtime.id) return;
    ports.add(port);
    port.onDisconnect.addListener(() => ports.delete(port));
    port.postMessage({ type: 'status', status: manager.status } satisfies StatusUpdate);
    manager.ensureConnected();
  });
  manager.onStatus((status) => {
    for (const port of ports) port.postMessage({ type: 'status', status } satisfies StatusUpdate);
  });
}
