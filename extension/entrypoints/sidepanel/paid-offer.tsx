/**
 * A paid chat's price as the background decoded it from the transaction (never the server's
 * numbers): keys × price per key, the treasury, the first-use notice, and how long the payment
 * can still land (`payBy`, about a minute; the form quotes again by itself when it lapses).
 */
import { formatSol } from '../../../shared/solana/lamports.ts';
import { formatCountdown, useNow } from '../../ui/use-now.ts';
import type { Offer } from './paid-redeem.ts';

export function PaidOffer(props: {
  offer: Offer;
  canPay: boolean;
  step: 'edit' | 'paying' | 'minting' | string;
  onPay(): void;
}) {
  const { quote, review } = props.offer;
  const now = useNow();
  const invitees = quote.live.filter(Boolean).length;
  const keys = invitees + 1;
  const total = BigInt(review.lamports);
  const perKey = total / BigInt(keys);
  return (
    <div class="card" data-testid="quote">
      <p>
        {keys} keys × {formatSol(perKey)} SOL (you and {invitees} invitee{invitees === 1 ? '' : 's'}):{' '}
        <strong>{formatSol(total)} SOL</strong>
      </p>
      <p class="muted">
        Paid to the server's treasury{' '}
        <span class="mono" data-testid="treasury">
          {review.destination}
        </span>
      </p>
      {review.firstUse && (
        <p data-testid="first-treasury">
          Your first payment on this server: paying confirms this treasury, and AnoGhost will refuse to pay
          any other for this server.
        </p>
      )}
      <p class="muted" data-testid="pay-by">
        Pay within about a minute ({formatCountdown(quote.payBy - now)} left): after that the payment cannot
        land, and a new price is asked for by itself.
      </p>
      <button type="button" class="primary" onClick={props.onPay} disabled={!props.canPay}>
        {props.step === 'paying'
          ? 'Approve in your wallet…'
          : props.step === 'minting'
            ? 'Minting keys…'
            : 'Pay with wallet'}
      </button>
    </div>
  );
}
