/**
 * Preact hook: where the panel's own connection stands (`client.on('state')`), with when the next
 * reconnect attempt happens, for the offline banner; and `retry()` to try at once.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AnoGhostClient } from '../../../shared/client/index.ts';

export interface PanelConnection {
  offline: boolean;
  /** When the next attempt starts (ms), while offline. */
  retryAt: number | null;
  retry(): void;
}

export function usePanelConnection(client: AnoGhostClient | undefined): PanelConnection {
  const [state, setState] = useState<{ offline: boolean; retryAt: number | null }>({
    offline: false,
    retryAt: null,
  });
  useEffect(() => {
    if (!client) return;
    return client.on('state', ({ state: next, delayMs }) => {
      if (next === 'ready') setState({ offline: false, retryAt: null });
      else if (next === 'reconnecting')
        setState({ offline: true, retryAt: delayMs === undefined ? null : Date.now() + delayMs });
      else if (next === 'connecting' || next === 'signing-in') setState((old) => ({ ...old, retryAt: null }));
    });
  }, [client]);
  const retry = () => {
    // Resolves at the next sign-in; a failure schedules the next attempt by itself.
    client?.connect().catch(() => {});
  };
  return { ...state, retry };
}
