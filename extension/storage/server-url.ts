/**
 * The server the extension talks to (options page). Stored in `storage.local`: it is a setting,
 * not chat data. Any origin other than the local dev hosts needs a host permission, which the
 * options page requests when the URL changes. Plain `http:` only reaches this computer: a remote
 * server must use `https:` (the extension's CSP allows nothing else, and neither should a person).
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';
const SERVER_URL_KEY = 'anoghost/server-url';
/** Hosts the manifest grants at install, the only ones reachable over plain http. */
const LOCAL_HOSTNAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost']);

const ServerUrl = v.pipe(
  v.string(),
  v.trim(),
  v.check((text) => URL.canParse(text), 'enter a full URL such as http://127.0.0.1:8787'),
  v.transform((text) => new URL(text)),
  v.check(
    (url) => url.protocol === 'http:' || url.protocol === 'https:',
    'the URL must start with http:// or https://',
  ),
  v.check(
    (url) => url.protocol === 'https:' || LOCAL_HOSTNAMES.has(url.hostname),
    (issue) =>
      `plain http:// only reaches a server on this computer (127.0.0.1 or localhost); use https://${(issue.input as URL).host}`,
  ),
  v.transform((url) => url.origin),
);

export type ServerUrlResult = { ok: true; origin: string } | { ok: false; reason: string };

/** Reads what a person typed into an origin, or a reason it is not one. */
export function parseServerUrl(text: string): ServerUrlResult {
  const parsed = v.safeParse(ServerUrl, text);
  return parsed.success
    ? { ok: true, origin: parsed.output }
    : { ok: false, reason: parsed.issues[0].message };
}

export async function loadServerUrl(): Promise<string> {
  const stored = await browser.storage.local.get(SERVER_URL_KEY);
  const value = stored[SERVER_URL_KEY];
  if (typeof value !== 'string') return DEFAULT_SERVER_URL;
  const parsed = parseServerUrl(value);
  return parsed.ok ? parsed.origin : DEFAULT_SERVER_URL;
}

export async function saveServerUrl(origin: string): Promise<void> {
  await browser.storage.local.set({ [SERVER_URL_KEY]: origin });
}

/** True for a plain-http server on this computer, which the manifest's host permissions cover. */
export function isLocalServer(origin: string): boolean {
  const url = new URL(origin);
  return url.protocol === 'http:' && LOCAL_HOSTNAMES.has(url.hostname);
}

/** The host-permission pattern for an origin (any port of it: match patterns ignore ports). */
export function originPermission(origin: string): string {
  return `${new URL(origin).protocol}//${new URL(origin).hostname}/*`;
}
