/**
 * The AnoGhost mark in every extension title, instead of the 👻 emoji (shared/ghost-mark.ts).
 * Decorative: the name beside it is the text.
 */
import type { ComponentChildren } from 'preact';
import { GHOST_MARK_EYES, GHOST_MARK_PATH } from '../../shared/ghost-mark.ts';

export function GhostMark() {
  return (
    <svg class="ghost-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false" data-testid="ghost-mark">
      <path class="body" d={GHOST_MARK_PATH} />
      {GHOST_MARK_EYES.map(([cx, cy, r]) => (
        <circle key={cx} class="eye" cx={cx} cy={cy} r={r} />
      ))}
    </svg>
  );
}

/** A page title: the mark, then the text. */
export function BrandTitle({ children }: { children: ComponentChildren }) {
  return (
    <h1 class="brand">
      <GhostMark />
      <span>{children}</span>
    </h1>
  );
}
