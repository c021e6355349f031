/**
 * What a page shows while the extension waits on the wallet (issue #13): where to look, "Reopen
 * the wallet page" (it may be hidden behind other tabs) and Cancel. Shared by the popup and the
 * welcome page; the side panel may use it for payments.
 */
import { useState } from 'preact/hooks';
import { askBackground } from '../messaging/background-requests.ts';

export function WalletWait(props: { what: string; onError(message: string): void }) {
  const [note, setNote] = useState<string | null>(null);
  const reopen = () =>
    askBackground({ type: 'show-wallet-page' }).then(
      (shown) => setNote(shown ? null : 'The wallet page is closed: cancel and start again.'),
      (e: Error) => props.onError(e.message),
    );
  const cancel = () => askBackground({ type: 'cancel-wallet' }).catch((e: Error) => props.onError(e.message));

  return (
    <div class="wallet-wait" data-testid="wallet-wait">
      <p>{props.what}</p>
      <div class="row">
        <button type="button" onClick={reopen}>
          Reopen the wallet page
        </button>
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      </div>
      {note && <p class="muted">{note}</p>}
    </div>
  );
}
