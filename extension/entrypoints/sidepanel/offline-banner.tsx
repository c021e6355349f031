/** "Offline, reconnecting in 0:06 · Retry now": the panel's connection dropped; rooms wait read-only. */
import { formatCountdown, useNow } from '../../ui/use-now.ts';
import type { PanelConnection } from './use-connection.ts';

export function OfflineBanner({ connection }: { connection: PanelConnection }) {
  const now = useNow(500);
  if (!connection.offline) return null;
  const waiting = connection.retryAt !== null && connection.retryAt > now;
  return (
    <div class="banner" role="status" data-testid="offline-banner">
      <span>
        <strong>Offline</strong>
        {waiting ? `, reconnecting in ${formatCountdown(connection.retryAt! - now)}` : ', reconnecting…'}
      </span>
      <span aria-hidden="true">·</span>
      <button type="button" onClick={connection.retry} data-testid="retry-now">
        Retry now
      </button>
      <span class="visually-hidden">
        Your rooms stay here and rejoin by themselves when the connection is back.
      </span>
    </div>
  );
}
