/**
 * The panel's own connection for rooms, opened with the background's session credentials once the
 * background is first online (no wallet prompt), closed when the panel closes: leaving every room, as
 * DESIGN.md asks ("closing the panel leaves the rooms"). The install secret (storage/install-secret.ts)
 * goes to the client, so this install's fingerprints are the same in every panel and after restarts.
 *
 * The connection outlives the background's own reconnects: when the network drops, the client
 * reconnects by itself and rejoins its rooms (docs/client-rooms.md), so the rooms stay on screen. A
 * new client is made only for another server, or after a sign-out.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AnoGhostClient } from '../../../shared/client/index.ts';
import type { CreateAnoGhostClient } from '../../messaging/anoghost-client-factory.ts';
import { askBackground } from '../../messaging/background-requests.ts';
import type { Status } from '../../messaging/runtime-messages.ts';
import { loadInstallSecret } from '../../storage/install-secret.ts';

export type ChatClientState =
  | { kind: 'waiting' }
  | { kind: 'ready'; client: AnoGhostClient }
  | { kind: 'failed'; error: string };

export function useChatClient(status: Status | undefined, create: CreateAnoGhostClient): ChatClientState {
  const [state, setState] = useState<ChatClientState>({ kind: 'waiting' });
  const [session, setSession] = useState<string | null>(null);
  const online = status?.state === 'online';
  const signedOut = status?.state === 'signed-out';
  const server = status?.server ?? '';

  // The session this panel connects for: set when the background is online, dropped at sign-out.
  useEffect(() => {
    if (online) setSession(server);
    else if (signedOut) setSession(null);
  }, [online, signedOut, server]);

  useEffect(() => {
    if (session === null) {
      setState({ kind: 'waiting' });
      return;
    }
    let client: AnoGhostClient | undefined;
    let cancelled = false;
    Promise.all([askBackground({ type: 'session-credentials' }), loadInstallSecret()])
      .then(async ([credentials, installSecret]) => {
        if (cancelled) return;
        if (!credentials) throw new Error('The session is not signed in yet.');
        // Per-room identity keys derive from the install secret: fingerprints survive restarts.
        client = create({ serverUrl: session, credentials, installSecret });
        installSecret.fill(0); // the client keeps its own copy
        await client.connect();
        if (!cancelled) setState({ kind: 'ready', client });
      })
      .catch((error: Error) => {
        if (!cancelled) setState({ kind: 'failed', error: error.message });
      });
    const close = () => client?.close();
    window.addEventListener('pagehide', close);
    return () => {
      cancelled = true;
      window.removeEventListener('pagehide', close);
      close();
    };
  }, [session, create]);

  return state;
}
