/**
 * What was confirmed for the server in use (storage/server-pins.ts): its Solana chain and its
 * treasury. A server that changed either is refused until the person forgets them here; the next
 * sign-in and payment then show and confirm the new ones.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  forgetServerPins,
  loadServerPins,
  type ServerPins,
  watchServerPins,
} from '../../storage/server-pins.ts';

export function ServerPinsCard({ server }: { server: string }) {
  const [pins, setPins] = useState<ServerPins | null>(null);
  useEffect(() => {
    if (!server) return;
    const load = () => void loadServerPins(server).then(setPins, () => setPins({}));
    load();
    return watchServerPins(load);
  }, [server]);
  if (!server || !pins) return null;
  const confirmed = pins.chain !== undefined || pins.treasury !== undefined;
  const forget = () => forgetServerPins(server).then(() => setPins({}));

  return (
    <section class="card" aria-labelledby="pins-heading" data-testid="server-pins">
      <h2 id="pins-heading">Confirmed for {server}</h2>
      {!confirmed && <p class="muted">Nothing yet: the first sign-in and the first payment confirm them.</p>}
      {pins.chain && <p>Solana chain: {pins.chain}</p>}
      {pins.treasury && (
        <p>
          Treasury: <span class="mono">{pins.treasury}</span>
        </p>
      )}
      {confirmed && (
        <>
          <p class="muted">
            AnoGhost refuses a server that later names another chain or treasury. If its operator announced
            such a change, forget these and confirm the new ones on the next sign-in and payment.
          </p>
          <button type="button" onClick={forget} data-testid="forget-pins">
            Forget and confirm anew
          </button>
        </>
      )}
    </section>
  );
}
