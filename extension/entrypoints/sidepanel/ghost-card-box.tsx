/**
 * The home screen's ghost card: the card to share (copy), and one line on what it is and why it
 * changes. The card itself comes from the background's status (`<ghostId>.<invite key>`).
 */
import type { Status } from '../../messaging/runtime-messages.ts';
import { useCopy } from '../../ui/use-copy.ts';
import { formatCountdown, useNow } from '../../ui/use-now.ts';

export function GhostCardBox({ status, onError }: { status: Status; onError(message: string): void }) {
  const { copied, copy } = useCopy(onError);
  const now = useNow();
  if (!status.card) return null;
  return (
    <section class="card ghost-card" aria-labelledby="ghost-card-heading" data-testid="ghost-card">
      <div class="row" style="justify-content: space-between">
        <h2 id="ghost-card-heading">Your ghost card</h2>
        <button type="button" onClick={() => void copy(status.card!)} data-testid="copy-card">
          {copied ? 'Copied' : 'Copy card'}
        </button>
      </div>
      <p class="mono" data-testid="panel-ghost-card">
        {status.card.slice(0, 24)}…
      </p>
      <p class="muted">
        Share it so someone can invite you to a paid chat. It changes on its own
        {status.ghost ? ` (next in ${formatCountdown(status.ghost.rotatesAt - now)})` : ''}, so nobody can
        follow you by it.
      </p>
    </section>
  );
}
