/**
 * The server pages the extension's content scripts run on: `/connect` (wallet bridge) and `/join`
 * (room links), on the configured server only. The scripts are registered at run time for that
 * origin and these exact paths (entrypoints/background/server-page-scripts.ts), never for every
 * port of a host, and each end checks the page's URL again.
 */
export const CONNECT_PATH = '/connect';
export const CONNECT_PAGE_ROOT_ID = 'anoghost-connect';

/** On the server's `/join` page (`JOIN_PATH`), where free-room join links point (`<server>/join#<code>`). */
export const JOIN_PAGE_ROOT_ID = 'anoghost-join';

/**
 * Match patterns for `path` on `origin`. Chrome matches ports; Firefox accepts no port in a match
 * pattern (bug 1362809) and so matches every port of the host: the scripts check the origin there.
 */
export function serverPagePatterns(origin: string, path: string, withPort: boolean): string[] {
  const url = new URL(origin);
  return [`${url.protocol}//${withPort ? url.host : url.hostname}${path}`];
}

/** True when `pageUrl` is exactly `<origin><path>` (any fragment; no query, no other path). */
export function isServerPage(pageUrl: string | undefined, origin: string, path: string): boolean {
  if (pageUrl === undefined || !URL.canParse(pageUrl)) return false;
  const url = new URL(pageUrl);
  return url.origin === origin && url.pathname === path && url.search === '';
}
