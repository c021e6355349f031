/**
 * What the /connect page says it asks the wallet for (issue #13): a sign-in is "Sign in to
 * AnoGhost"; a payment is titled by its purpose with its amount, "Approve 0.03 SOL for 'Weekend
 * plans'", the lamports being those the background decoded from the transaction itself.
 */
import { formatSol } from '../../../shared/solana/lamports.ts';
import type { BridgeRequest } from '../../messaging/bridge-messages.ts';
import type { Purpose } from './wallet-picker.ts';

export function purposeOf(request: BridgeRequest): Purpose {
  if (request.op !== 'sign-transaction') {
    return {
      heading: 'Sign in to AnoGhost',
      detail:
        'Your wallet signs a message that lets this browser use AnoGhost for a day. Signing it costs nothing and moves no funds.',
      prompt: 'Choose the wallet to sign in with:',
    };
  }
  const sol = formatSol(BigInt(request.lamports));
  return {
    heading: `Approve ${sol} SOL for ${request.chatName ? `'${request.chatName}'` : 'a paid chat'}`,
    detail: `AnoGhost checked this payment before asking your wallet: ${sol} SOL to the server's treasury, plus the network fee. Your wallet shows the same amount.`,
    prompt: 'Choose the wallet to pay with:',
  };
}
