/**
 * The first-run page (issue #13, opened at install by background/welcome.ts): three steps — what
 * AnoGhost is, connect your wallet (the button is right there), open the chat — with the server
 * URL under "Advanced". Each step says when it is done.
 */
import { useEffect, useState } from 'preact/hooks';
import { askBackground } from '../../messaging/background-requests.ts';
import { BrandTitle } from '../../ui/ghost-mark.tsx';
import { ServerUrlForm } from '../../ui/server-url-form.tsx';
import { openSidePanel, prepareSidePanel } from '../../ui/side-panel-opener.ts';
import { useStatus } from '../../ui/use-status.ts';
import { WalletWait } from '../../ui/wallet-wait.tsx';

const OPEN_HINT_MS = 2_000;
const MANUAL_HINT = 'If no side panel opened: click the AnoGhost icon in the toolbar, then “Open chat”.';

export function WelcomeApp() {
  const status = useStatus();
  const [error, setError] = useState<string | null>(null);
  const [chatNote, setChatNote] = useState<string | null>(null);
  useEffect(prepareSidePanel, []);
  const connected = status?.state === 'online';

  const connect = () => {
    setError(null);
    askBackground({ type: 'connect-wallet' }).catch((e: Error) => setError(e.message));
  };
  const openChat = () => {
    // Some browsers neither open the panel nor say no: after a moment, say how to open it by hand.
    const hint = setTimeout(() => setChatNote(MANUAL_HINT), OPEN_HINT_MS);
    openSidePanel().then(
      () => {
        clearTimeout(hint);
        setChatNote('The chat is open in the side panel of this window.');
      },
      () => {
        clearTimeout(hint);
        setChatNote(MANUAL_HINT);
      },
    );
  };
  const shownError = error ?? status?.error ?? null;

  return (
    <main class="page">
      <BrandTitle>Welcome to AnoGhost</BrandTitle>
      <ol class="steps">
        <li class="done">
          <h2>A messenger that forgets you</h2>
          <div class="step-body">
            <p class="lead">
              No account, no phone number. People know you only by a ghostId that changes every few minutes;
              rooms are end-to-end encrypted and end when their lifetime runs out. The server keeps no record
              of people.
            </p>
            <p class="muted">
              Your ghost card is your current ghostId plus a key for invitations: share it to be invited to a
              paid chat. It rotates with the ghostId, so nobody can follow you by it.
            </p>
          </div>
        </li>
        <li class={connected ? 'done' : ''} data-testid="step-connect">
          <h2>Connect your wallet</h2>
          <div class="step-body">
            <p>
              Your Solana wallet signs you in (it signs a message: no funds move) and later pays for paid
              chats, only when you approve.
            </p>
            {connected && (
              <p class="ok" role="status" data-testid="welcome-connected">
                Connected. Your ghostId is <span class="mono">{status.ghost?.ghostId ?? '…'}</span>.
              </p>
            )}
            {status?.state === 'awaiting-wallet' && (
              <WalletWait
                what="Pick your wallet and approve the sign-in on the page that opened."
                onError={setError}
              />
            )}
            {!connected && status?.state !== 'awaiting-wallet' && (
              <div class="row">
                <button
                  type="button"
                  class="primary"
                  onClick={connect}
                  disabled={status?.state === 'connecting' || status?.state === 'reconnecting'}
                  aria-describedby="connect-message"
                >
                  Connect wallet
                </button>
              </div>
            )}
            {!connected && (
              <div id="connect-message" class="field-message">
                {shownError && (
                  <p class="error" role="alert">
                    {shownError}
                  </p>
                )}
              </div>
            )}
          </div>
        </li>
        <li data-testid="step-chat">
          <h2>Open the chat</h2>
          <div class="step-body">
            <p>The chat lives in the browser’s side panel, beside any page.</p>
            <div class="row">
              <button type="button" class={connected ? 'primary' : ''} onClick={openChat}>
                Open the chat
              </button>
            </div>
            <p class="muted" data-testid="chat-note">
              {chatNote ?? 'Later: click the AnoGhost icon in the toolbar, then “Open chat”.'}
            </p>
          </div>
        </li>
      </ol>
      <details class="card" data-testid="advanced">
        <summary>Advanced: the server</summary>
        <ServerUrlForm savedText={(origin) => `Saved. AnoGhost now uses ${origin}; connect your wallet.`} />
      </details>
    </main>
  );
}
