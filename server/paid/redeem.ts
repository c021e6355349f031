/**
 * `redeem` (PROTOCOL.md §4): submit or find the payment, verify it on chain, then mint one key per
 * invited wallet plus one for the initiator. Mint keypairs derive from the payment signature, so a
 * repeated redeem (after a crash, a restart, on another instance) finds the keys already made and
 * mints only what is missing, never twice.
 */
import {
  type Address,
  fetchEncodedAccount,
  getAddressDecoder,
  getAddressEncoder,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  isSolanaError,
  type Signature,
  signature as toSignature,
} from '@solana/kit';
import { decodeB64u } from '../../shared/encoding.ts';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import { guardTransport, TransactionFailedError } from '../chain/solana-client.ts';
import type { Session } from '../session/session.ts';
import { buildKeyTransaction, SEALED_NAME_TITLE } from './key-mint.ts';
import { sealGhostAttribute, sealRoomAttribute } from './nft-attributes.ts';
import { deriveMintSigner, type PaidChatDeps, walletAddress } from './paid-chats.ts';
import { decodeTransaction, type ExpectedPayment, findPaymentProblem } from './payment.ts';
import { openQuote, type Quote, quoteMemo, walletFromField, walletToField } from './quote-seal.ts';

const PAYMENT_WAIT_MS = 30_000;
const PAID_LATE_SLACK_MS = 60_000; // a payment confirmed this long after the quote expired still counts

export async function redeemPaidChat(deps: PaidChatDeps, session: Session, frame: ClientFrameOf<'redeem'>) {
  const quote = openQuote(deps.master.quoteKey, frame.quote);
  if (!quote) throw new ProtocolError('bad_request', 'this quote was not issued by this server');
  const payer = walletAddress(session);
  if (quote.initiator !== walletToField(session.wallet))
    throw new ProtocolError('forbidden', 'this quote belongs to another wallet');
  const expected: ExpectedPayment = {
    payer,
    treasury: deps.treasury.address,
    lamports: BigInt(quote.lamports),
    memo: quoteMemo(quote),
  };
  const signature =
    frame.tx !== undefined ? await submitPayment(deps, quote, expected, frame.tx) : toSig(frame.signature!);
  await verifyPaymentOnChain(deps, quote, expected, signature);
  const minted = await mintKeys(deps, quote, signature);
  const mine = minted[minted.length - 1]!.mint;
  // Keys are listed by mint address, not in the order of the ghostIds: the initiator must not learn
  // which ghostId became which key (a key's holder is public on chain).
  const keys = [...minted].sort((a, b) => (a.mint < b.mint ? -1 : a.mint > b.mint ? 1 : 0));
  return {
    t: 'minted',
    id: frame.id,
    keys,
    mine,
  };
}

async function submitPayment(deps: PaidChatDeps, quote: Quote, expected: ExpectedPayment, wire: string) {
  const bytes = decodeB64u(wire);
  const tx = bytes && decodeTransaction(bytes);
  if (!tx) throw new ProtocolError('bad_request', 'tx is not a serialized transaction');
  const problem = findPaymentProblem(tx, expected);
  if (problem) throw new ProtocolError('payment_invalid', problem);
  const signature = getSignatureFromTransaction(tx);
  const { value } = await guardTransport(() => deps.chain.rpc.getSignatureStatuses([signature]).send());
  if (value[0]) return signature; // already submitted: redeem again
  if (deps.now() > quote.expiresAt)
    throw new ProtocolError('quote_expired', 'this quote has expired: ask for a new one');
  try {
    await guardTransport(() =>
      deps.chain.rpc
        .sendTransaction(getBase64EncodedWireTransaction(tx), {
          encoding: 'base64',
          preflightCommitment: 'confirmed',
        })
        .send(),
    );
  } catch (error) {
    if (error instanceof ProtocolError || !isSolanaError(error)) throw error;
    throw new ProtocolError('payment_failed', `the payment was refused: ${describeChainError(error)}`);
  }
  return signature;
}

async function verifyPaymentOnChain(
  deps: PaidChatDeps,
  quote: Quote,
  expected: ExpectedPayment,
  signature: Signature,
) {
  let confirmed: boolean;
  try {
    confirmed = await deps.chain.waitForSignature(signature, PAYMENT_WAIT_MS);
  } catch (error) {
    if (error instanceof TransactionFailedError)
      throw new ProtocolError('payment_failed', 'the payment failed on chain');
    throw error;
  }
  if (!confirmed) throw new ProtocolError('payment_not_found', 'the payment was not found on chain');
  const found = await guardTransport(() =>
    deps.chain.rpc
      .getTransaction(signature, {
        encoding: 'base64',
        maxSupportedTransactionVersion: 0,
        commitment: 'confirmed',
      })
      .send(),
  );
  if (!found) throw new ProtocolError('payment_not_found', 'the payment was not found on chain');
  if (found.meta?.err) throw new ProtocolError('payment_failed', 'the payment failed on chain');
  const tx = decodeTransaction(Buffer.from(found.transaction[0], 'base64'));
  const problem = tx ? findPaymentProblem(tx, expected) : 'the payment transaction cannot be decoded';
  if (problem) throw new ProtocolError('payment_invalid', problem);
  const paidAt = found.blockTime === null ? deps.now() : Number(found.blockTime) * 1000;
  if (paidAt > quote.expiresAt + PAID_LATE_SLACK_MS) {
    throw new ProtocolError('quote_expired', 'the payment came after the quote expired');
  }
}

async function mintKeys(deps: PaidChatDeps, quote: Quote, signature: Signature) {
  const count = quote.recipients.length + 1;
  return Promise.all(Array.from({ length: count }, (_, index) => mintKey(deps, quote, signature, index)));
}

/**
 * Mints key number `index` of a redeemed payment unless it exists already. Recipients are the
 * quote's invitees in order, then the initiator (whose key is last).
 */
export async function mintKey(deps: PaidChatDeps, quote: Quote, signature: Signature, index: number) {
  const recipientField = index < quote.recipients.length ? quote.recipients[index]! : quote.initiator;
  const recipientBytes = walletFromField(recipientField);
  const mint = await deriveMintSigner(deps.master, signature, index);
  const existing = await guardTransport(() => fetchEncodedAccount(deps.chain.rpc, mint.address));
  if (existing.exists) return { mint: mint.address, tx: await creationSignature(deps, mint.address) };
  const mintBytes = new Uint8Array(getAddressEncoder().encode(mint.address));
  const room = sealRoomAttribute(deps.master.attributeKey, mintBytes, {
    roomId: deps.master.paidRoomId(signature),
    expiresAt: Math.floor((quote.issuedAt + quote.ttl * 1000) / 1000) * 1000,
    msgTtl: quote.msgTtl,
    sealedName: quote.sealName ? quote.name : null,
  });
  const ghost = sealGhostAttribute(deps.master.attributeKey, mintBytes, recipientBytes);
  const name = quote.sealName ? SEALED_NAME_TITLE : quote.name;
  const { value: blockhash } = await guardTransport(() => deps.chain.rpc.getLatestBlockhash().send());
  const recipient = getAddressDecoder().decode(recipientBytes);
  recipientBytes.fill(0);
  const tx = await buildKeyTransaction(
    deps.treasury,
    { mint, recipient, name, room, ghost },
    blockhash,
    (space) => guardTransport(() => deps.chain.rpc.getMinimumBalanceForRentExemption(space).send()),
  );
  try {
    return { mint: mint.address, tx: await deps.chain.sendAndConfirm(tx) };
  } catch (error) {
    // Another redeem (another instance) may have created it meanwhile: that is success too.
    const now = await guardTransport(() => fetchEncodedAccount(deps.chain.rpc, mint.address));
    if (now.exists) return { mint: mint.address, tx: await creationSignature(deps, mint.address) };
    throw error;
  }
}

/** The transaction that created a key minted by an earlier redeem: the oldest touching its mint. */
async function creationSignature(deps: PaidChatDeps, mint: Address): Promise<string> {
  const list = await guardTransport(() =>
    deps.chain.rpc.getSignaturesForAddress(mint, { limit: 1000 }).send(),
  );
  return list.length > 0 ? list[list.length - 1]!.signature : '';
}

function toSig(text: string): Signature {
  try {
    return toSignature(text);
  } catch {
    throw new ProtocolError('bad_request', 'signature is not a transaction signature');
  }
}

function describeChainError(error: Error): string {
  const cause = error.cause instanceof Error ? error.cause.message : '';
  return (cause || error.message).split('\n')[0]!.slice(0, 160);
}
