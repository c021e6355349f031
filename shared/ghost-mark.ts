/**
 * The AnoGhost mark, drawn as SVG by the extension's pages (extension/ui/ghost-mark.tsx) and the
 * server's (server/http/bridge-page.ts) instead of the 👻 emoji, which renders as a box where no
 * emoji font is installed (issue #13). A ghost in a 24×24 box: round head, body, wavy hem, two eyes.
 */

/** The ghost's outline. */
export const GHOST_MARK_PATH =
  'M12 2.5c-4.4 0-8 3.4-8 7.8V21l2.7-1.8L9.3 21 12 19.2 14.7 21l2.6-1.8L20 21V10.3c0-4.4-3.6-7.8-8-7.8z';

/** Its eyes: centre x, centre y, radius. */
export const GHOST_MARK_EYES: readonly (readonly [number, number, number])[] = [
  [9.2, 10.5, 1.6],
  [14.8, 10.5, 1.6],
];
