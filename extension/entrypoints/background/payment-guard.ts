/**
 * The check between a server's quote and the wallet (DESIGN.md "Extension": the extension trusts
 * no server with what the wallet signs). Before the wallet is asked, the quote's transaction is
 * decoded here and must be exactly the payment PROTOCOL.md §4 describes: from the session's wallet,
 * to the treasury pinned for this server, for the quoted lamports. The treasury is learned from
 * `/v1/health` on the first payment, shown to the person, and pinned when they pay; a server that
 * later names another one is refused loudly.
 */

import { decodeB64u } from '../../../shared/encoding.ts';
import { parseSignInMessage } from '../../../shared/sign-in/sign-in-message.ts';
import { checkQuotedPayment } from '../../../shared/solana/quoted-payment.ts';
import type { PaymentReview } from '../../messaging/page-requests.ts';
import type { FetchTreasury } from '../../messaging/server-health.ts';
import { loadServerPins, pinServer } from '../../storage/server-pins.ts';
import { loadCredentials } from '../../storage/stored-credentials.ts';

const QUOTE_MEMO_PREFIX = 'anoghost:quote:'; // checkQuotedPayment checked the memo's form

/** A payment the extension will not let the wallet sign; the message says why, for a person. */
export class PaymentRefusedError extends Error {
  override name = 'PaymentRefusedError';
}

export interface PaymentRequest {
  /** The quote's unsigned transaction (b64u). */
  tx: string;
  /** The quote's `lamports` (decimal). */
  lamports: string;
}

export interface PaymentGuard {
  /** What the transaction pays, read from its bytes, or a `PaymentRefusedError`. */
  review(server: string, payment: PaymentRequest): Promise<PaymentReview>;
  /**
   * The same check, right before the wallet is asked. On the first payment to `server`,
   * `trustTreasury` must name the treasury the person was shown; it is pinned then. Resolves with
   * what the transaction pays, as `review` does.
   */
  approve(server: string, payment: PaymentRequest & { trustTreasury?: string }): Promise<PaymentReview>;
}

export function createPaymentGuard(fetchTreasury: FetchTreasury): PaymentGuard {
  const review = async (server: string, { tx, lamports }: PaymentRequest): Promise<PaymentReview> => {
    const [payer, announced, pins] = await Promise.all([
      sessionWallet(server),
      fetchTreasury(server),
      loadServerPins(server),
    ]);
    if (pins.treasury !== undefined && pins.treasury !== announced) {
      throw new PaymentRefusedError(
        `This server now asks payments to go to the treasury ${announced}, not to ${pins.treasury}, the one you confirmed for it. AnoGhost refuses to pay; your wallet was not asked. If the server's operator announced this change, forget what you confirmed for ${server} in AnoGhost's options, then pay again.`,
      );
    }
    const bytes = decodeB64u(tx);
    const check = bytes
      ? checkQuotedPayment(bytes, { payer, treasury: announced, lamports: BigInt(lamports) })
      : { ok: false as const, problem: 'it is not base64url' };
    if (!check.ok) {
      throw new PaymentRefusedError(
        `The server asked to sign a payment that does not match the quote: ${check.problem}. Your wallet was not asked.`,
      );
    }
    return {
      lamports: check.payment.lamports.toString(),
      destination: check.payment.destination,
      firstUse: pins.treasury === undefined,
      quoteId: check.payment.memo.slice(QUOTE_MEMO_PREFIX.length),
    };
  };

  return {
    review,
    async approve(server, payment) {
      const reviewed = await review(server, payment);
      if (!reviewed.firstUse) return reviewed;
      if (payment.trustTreasury !== reviewed.destination)
        throw new PaymentRefusedError('Confirm the treasury of this server before paying it.');
      await pinServer(server, { treasury: reviewed.destination });
      return reviewed;
    },
  };
}

/** The wallet of the session signed in to `server` (its own sign-in message names it). */
async function sessionWallet(server: string): Promise<string> {
  const credentials = await loadCredentials(server);
  const message = credentials && parseSignInMessage(credentials.message);
  if (!message?.ok) throw new PaymentRefusedError('Connect your wallet to this server before paying.');
  return message.value.address;
}
