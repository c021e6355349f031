/**
 * The current ghost card (`<ghostId>.<invite key>`) with copy, rotate-now and the countdown to
 * the next rotation, and one line saying what a card is and why it changes.
 */
import { useState } from 'preact/hooks';
import { askBackground } from '../../messaging/background-requests.ts';
import type { GhostInfo } from '../../messaging/runtime-messages.ts';
import { formatClock } from '../../ui/lifetime-text.ts';
import { useCopy } from '../../ui/use-copy.ts';
import { formatCountdown, useNow } from '../../ui/use-now.ts';

export function GhostCard(props: { ghost: GhostInfo; card: string | null; onError(message: string): void }) {
  const { ghost, card } = props;
  const now = useNow();
  const { copied, copy } = useCopy(props.onError);
  const [rotating, setRotating] = useState(false);

  const rotate = () => {
    setRotating(true);
    askBackground({ type: 'rotate' })
      .catch((e: Error) => props.onError(e.message))
      .finally(() => setRotating(false));
  };
  const key = card?.slice(ghost.ghostId.length + 1);

  return (
    <section class="card" aria-labelledby="ghost-heading">
      <h2 id="ghost-heading">Your ghost card</h2>
      <p class="mono" data-testid="ghost-card">
        <span data-testid="ghost-id">{ghost.ghostId}</span>
        {key && <span class="muted">.{key}</span>}
      </p>
      <p class="muted" data-testid="ghost-card-explained">
        Share this card to be invited to a paid chat. It changes with every rotation, so nobody can follow you
        by it.
      </p>
      <p class="muted">
        Rotates in{' '}
        <span data-testid="rotation-countdown" data-rotates-at={ghost.rotatesAt}>
          {formatCountdown(ghost.rotatesAt - now)}
        </span>
        {' · '}invitations reach it until {formatClock(ghost.liveUntil)}
      </p>
      <div class="row">
        <button type="button" onClick={() => copy(card ?? ghost.ghostId)} disabled={!card}>
          {copied ? 'Copied' : 'Copy card'}
        </button>
        <button type="button" onClick={rotate} disabled={rotating} data-testid="rotate-now">
          {rotating ? 'Rotating…' : 'Rotate now'}
        </button>
      </div>
    </section>
  );
}
