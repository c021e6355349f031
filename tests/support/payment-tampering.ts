/**
 * What a malicious server does to a quote's payment (tests/support/tampering-proxy.ts): the same
 * fee payer, blockhash and memo, but another amount to another address, built by the server's own
 * transaction builder so that only those two things differ.
 */
import {
  address,
  type Blockhash,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
} from '@solana/kit';
import { buildPaymentTransaction, MEMO_PROGRAM_V3 } from '../../server/paid/payment.ts';
import { decodeB64u } from '../../shared/encoding.ts';

/** The quote's transaction `tx` (b64u), paying `lamports` to `to` instead. */
export function redirectPayment(tx: string, to: string, lamports: bigint): string {
  const message = getCompiledTransactionMessageDecoder().decode(
    getTransactionDecoder().decode(decodeB64u(tx)!).messageBytes,
  );
  if (!('instructions' in message)) throw new Error('not a versioned message');
  const accounts = message.staticAccounts;
  const memo = message.instructions.find((ix) => accounts[ix.programAddressIndex] === MEMO_PROGRAM_V3);
  return buildPaymentTransaction(
    {
      payer: accounts[0]!,
      treasury: address(to),
      lamports,
      memo: new TextDecoder().decode(memo!.data as Uint8Array),
    },
    { blockhash: message.lifetimeToken as Blockhash, lastValidBlockHeight: 0n },
  );
}
