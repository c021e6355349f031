/**
 * The popup (DESIGN.md "Extension"): connection state, the current ghost card (copy, rotate now,
 * countdown), pending paid-chat invitations (accept / decline), the NFT-key selector, and a
 * button that opens the chat side panel. Invitations come first: they wait for an answer. Signed out, "Connect wallet" is the one primary action;
 * while the wallet is asked, the popup says where and offers to reopen its page or cancel.
 */
import { useEffect, useState } from 'preact/hooks';
import { askBackground } from '../../messaging/background-requests.ts';
import { BrandTitle } from '../../ui/ghost-mark.tsx';
import { InvitationList } from '../../ui/invitation-list.tsx';
import { openSidePanel, prepareSidePanel } from '../../ui/side-panel-opener.ts';
import { useStatus } from '../../ui/use-status.ts';
import { WalletWait } from '../../ui/wallet-wait.tsx';
import { ConnectionLine } from './connection-line.tsx';
import { GhostCard } from './ghost-card.tsx';
import { NftKeyList } from './nft-key-list.tsx';

export function PopupApp() {
  const status = useStatus();
  const [error, setError] = useState<string | null>(null);
  const [keysVersion, setKeysVersion] = useState(0);
  useEffect(prepareSidePanel, []);
  const signedOut = status?.state === 'signed-out';

  const connect = () => {
    setError(null);
    askBackground({ type: 'connect-wallet' }).catch((e: Error) => setError(e.message));
  };
  const openChat = () => {
    openSidePanel().then(
      () => window.close(),
      (e: Error) => setError(e.message),
    );
  };

  return (
    <main>
      <div class="row popup-head">
        <BrandTitle>AnoGhost</BrandTitle>
        <button
          type="button"
          class={signedOut ? '' : 'primary'}
          onClick={openChat}
          title="Open the chat in the side panel"
        >
          Open chat
        </button>
      </div>
      <ConnectionLine status={status} />
      {signedOut && (
        <section class="card" aria-labelledby="connect-heading" data-testid="signed-out">
          <h2 id="connect-heading">Connect your wallet to start</h2>
          <p class="muted">
            Your Solana wallet signs you in; no funds move. You then get a ghost card: share it to be invited
            to a paid chat.
          </p>
          <button type="button" class="primary" onClick={connect}>
            Connect wallet
          </button>
        </section>
      )}
      {status?.state === 'awaiting-wallet' && (
        <WalletWait
          what="Pick your wallet and approve the sign-in on the page that opened."
          onError={setError}
        />
      )}
      {status?.state === 'online' && (
        <InvitationList
          invitations={status.invitations}
          onError={setError}
          onAccepted={() => setKeysVersion((n) => n + 1)}
        />
      )}
      {status?.ghost && <GhostCard ghost={status.ghost} card={status.card} onError={setError} />}
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
