/**
 * A periodic alarm that wakes a stopped service worker (the browser may stop it at any time), so
 * the connection comes back even when no page is open. Chrome's minimum period is 30 s.
 */
import { browser } from 'wxt/browser';
import type { ConnectionManager } from './connection-manager.ts';

const WAKE_ALARM = 'anoghost/wake';
const WAKE_PERIOD_MINUTES = 0.5;

export function scheduleWakeAlarm(manager: ConnectionManager): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WAKE_ALARM) manager.ensureConnected();
  });
  void browser.alarms.create(WAKE_ALARM, { periodInMinutes: WAKE_PERIOD_MINUTES });
}
