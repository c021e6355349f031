/**
 * The side panel's notification setting: whether notifications may show a preview (the room's name
 * and the start of the message). Off by default: a notification says only "New message". In
 * `storage.local`: it is a setting, not chat data.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';

const PREVIEWS_KEY = 'anoghost/notification-previews';

export async function loadPreviewsAllowed(): Promise<boolean> {
  const stored = await browser.storage.local.get(PREVIEWS_KEY);
  const parsed = v.safeParse(v.boolean(), stored[PREVIEWS_KEY]);
  return parsed.success && parsed.output;
}

export async function savePreviewsAllowed(allowed: boolean): Promise<void> {
  await browser.storage.local.set({ [PREVIEWS_KEY]: allowed });
}
