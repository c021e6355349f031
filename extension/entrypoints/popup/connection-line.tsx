/** One line saying how the connection is, and why when it is not. */
import type { Status } from '../../messaging/runtime-messages.ts';
import { formatCountdown, useNow } from '../../ui/use-now.ts';

const LABELS: Record<Status['state'], string> = {
  starting: 'Starting…',
  'signed-out': 'Not connected',
  'awaiting-wallet': 'Waiting for the wallet…',
  connecting: 'Connecting…',
  online: 'Connected',
  reconnecting: 'Reconnecting…',
};

export function ConnectionLine({ status }: { status: Status | undefined }) {
  const now = useNow();
  if (!status) return <p class="muted">Starting…</p>;
  return (
    <div>
      <p
        data-testid="connection-state"
        data-state={status.state}
        class={status.state === 'online' ? 'ok' : ''}
      >
        {LABELS[status.state]}
        {status.retryAt !== null && status.state === 'reconnecting' && (
          <span class="muted"> · next try in {formatCountdown(status.retryAt - now)}</span>
        )}
      </p>
      {status.error && (
        <p class="error" role="alert">
          {status.error}
        </p>
      )}
      <p class="muted" data-testid="server-line">
        Server: {status.server || '…'}
        {status.chain && ` · Solana ${status.chain}`}
      </p>
    </div>
  );
}
