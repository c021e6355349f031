/**
 * The popup (DESIGN.md "Extension"): connection state, the current ghost card (copy, rotate now,
 * countdown), pending paid-chat invitations (accept / decline), the NFT-key selector, and a
 * button that opens the chat side panel.
 */
import { useEffect, useState } from 'preact/hooks';
import { askBackground } from '../../messaging/background-requests.ts';
import { InvitationList } from '../../ui/invitation-list.tsx';
import { openSidePanel, prepareSidePanel } from '../../ui/side-panel-opener.ts';
import { useStatus } from '../../ui/use-status.ts';
import { ConnectionLine } from './connection-line.tsx';
import { GhostCard } from './ghost-card.tsx';
import { NftKeyList } from './nft-key-list.tsx';

export function PopupApp() {
  const status = useStatus();
  const [error, setError] = useState<string | null>(null);
  const [keysVersion, setKeysVersion] = useState(0);
  useEffect(prepareSidePanel, []);

  const connect = () => askBackground({ type: 'connect-wallet' }).catch((e: Error) => setError(e.message));
  const openChat = () => {
    openSidePanel().then(
      () => window.close(),
      (e: Error) => setError(e.message),
    );
  };

  return (
    <main>
      <div class="row" style="justify-content: space-between">
        <h1>👻 AnoGhost</h1>
        <button type="button" class="primary" onClick={openChat} aria-label="Open the chat side panel">
          Open chat
        </button>
      </div>
      <ConnectionLine status={status} />
      {status && status.state === 'signed-out' && (
        <button type="button" class="primary" onClick={connect}>
          Connect wallet
        </button>
      )}
      {status?.state === 'awaiting-wallet' && (
        <p class="muted">Pick your wallet and approve the sign-in on the page that opened.</p>
      )}
      {status?.ghost && <GhostCard ghost={status.ghost} card={status.card} onError={setError} />}
      {status?.state === 'online' && (
        <InvitationList
          invitations={status.invitations}
          onError={setError}
          onAccepted={() => setKeysVersion((n) => n + 1)}
        />
      )}
      {status?.state === 'online' && (
        <NftKeyList onError={setError} onOpenChat={openChat} refresh={keysVersion} />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
