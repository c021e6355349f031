/**
 * Options: the server URL (ui/server-url-form.tsx) and, below it, what was confirmed for that
 * server (its chain and treasury).
 */
import { useState } from 'preact/hooks';
import { BrandTitle } from '../../ui/ghost-mark.tsx';
import { ServerUrlForm } from '../../ui/server-url-form.tsx';
import { useStatus } from '../../ui/use-status.ts';
import { ServerPinsCard } from './server-pins-card.tsx';

/** Signed in (or about to be) with the server in use: a change means connecting the wallet again. */
const SIGNED_IN_STATES = new Set(['online', 'connecting', 'reconnecting']);

export function OptionsApp() {
  const status = useStatus();
  const [saved, setSaved] = useState('');
  const wasSignedIn = status !== undefined && SIGNED_IN_STATES.has(status.state);

  return (
    <main class="page">
      <BrandTitle>AnoGhost options</BrandTitle>
      <section class="card" aria-labelledby="server-heading">
        <h2 id="server-heading">Server</h2>
        <ServerUrlForm
          savedText={(origin) =>
            `Saved. AnoGhost now uses ${origin}; connect your wallet${wasSignedIn ? ' again' : ''}.`
          }
          onSaved={setSaved}
        />
      </section>
      <ServerPinsCard server={saved} />
    </main>
  );
}
