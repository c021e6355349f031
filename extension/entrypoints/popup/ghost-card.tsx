/** The current ghostId with copy, rotate-now and the countdown to the next rotation. */
import { useState } from 'preact/hooks';
import { askBackground } from '../../messaging/background-requests.ts';
import type { GhostInfo } from '../../messaging/runtime-messages.ts';
import { useCopy } from '../../ui/use-copy.ts';
import { formatCountdown, useNow } from '../../ui/use-now.ts';

export function GhostCard({ ghost, onError }: { ghost: GhostInfo; onError(message: string): void }) {
  const now = useNow();
  const { copied, copy } = useCopy(onError);
  const [rotating, setRotating] = useState(false);

  const rotate = () => {
    setRotating(true);
    askBackground({ type: 'rotate' })
      .catch((e: Error) => onError(e.message))
      .finally(() => setRotating(false));
  };

  return (
    <section class="card" aria-labelledby="ghost-heading">
      <h2 id="ghost-heading">Your ghostId</h2>
      <p class="mono" data-testid="ghost-id">
        {ghost.ghostId}
      </p>
      <p class="muted">
        Rotates in{' '}
        <span data-testid="rotation-countdown" data-rotates-at={ghost.rotatesAt}>
          {formatCountdown(ghost.rotatesAt - now)}
        </span>
        {' · '}live until {new Date(ghost.liveUntil).toLocaleTimeString()}
      </p>
      <div class="row">
        <button type="button" onClick={() => copy(ghost.ghostId)} aria-label="Copy the ghostId">
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={rotate} disabled={rotating} data-testid="rotate-now">
          {rotating ? 'Rotating…' : 'Rotate now'}
        </button>
      </div>
    </section>
  );
}
