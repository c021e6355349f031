/**
 * The receiving side of a `SenderKeyGroup`: installing a member's chain from its `signal`, and
 * opening its messages: parse, find the chain, check the index, verify the signature, and only
 * then derive the message key and decrypt. Bad input yields a typed error, never an exception.
 */
import { openPairwise } from '../crypto/pairwise-seal.ts';
import { ReceivingChain } from '../crypto/sender-chain.ts';
import { wipe } from '../crypto/wipe.ts';
import { decodeB64u } from '../encoding.ts';
import { MAX_CT_CHARS } from '../protocol/limits.ts';
import { decodeChainDistribution } from './chain-distribution.ts';
import type { MemberRecord } from './group-members.ts';
import { decodeMessagePlaintext, type MessagePlaintext } from './message-plaintext.ts';
import { decryptSenderMessage, encodeSignedBytes, parseSenderMessage } from './sender-message.ts';

/** Why a `signal` was not installed. */
export type SignalError = 'unknown_member' | 'malformed' | 'bad_seal' | 'replay';
export type SignalResult = { ok: true } | { ok: false; error: SignalError };

/** Why a message did not open. */
export type DecryptError =
  | 'unknown_member' // no accepted bundle for `from` (yet, or any more)
  | 'malformed' // not a message of this format
  | 'unknown_chain' // no signal for this chain (yet): the sender's chain predates us or it is in flight
  | 'expired_chain' // a replaced chain after its grace period
  | 'replay' // this index was opened already (or its skipped key was evicted)
  | 'too_far_ahead' // more than MAX_SKIP messages ahead of the chain
  | 'bad_signature' // not signed by the member's bundle key
  | 'bad_ciphertext' // signed but does not decrypt
  | 'bad_plaintext'; // decrypts to something that is not a valid message
export type DecryptResult =
  | { ok: true; message: MessagePlaintext; chainId: number; index: number }
  | { ok: false; error: DecryptError };

/** Opens a `signal` from `record` and installs the chain in it. */
export function installSignal(record: MemberRecord | undefined, ct: string, now: number): SignalResult {
  if (!record) return { ok: false, error: 'unknown_member' };
  const sealed = ct.length <= MAX_CT_CHARS ? decodeB64u(ct) : undefined;
  if (!sealed) return { ok: false, error: 'malformed' };
  const payload = openPairwise(record.receiveKey, record.receiveContext, sealed);
  if (!payload) return { ok: false, error: 'bad_seal' };
  const chain = decodeChainDistribution(payload);
  wipe(payload);
  if (!chain) return { ok: false, error: 'malformed' };
  if (record.chains.hasSeen(chain.chainId)) {
    wipe(chain.chainKey);
    return { ok: false, error: 'replay' };
  }
  record.chains.install(new ReceivingChain(chain.chainId, chain.chainKey, chain.startIndex), now);
  return { ok: true };
}

/** Verifies and decrypts one message from member `from`. */
export async function decryptFromMember(
  room: string,
  from: string,
  ct: string,
  lookupMember: () => MemberRecord | undefined,
  now: () => number,
): Promise<DecryptResult> {
  const record = lookupMember();
  if (!record) return fail('unknown_member');
  const bytes = ct.length <= MAX_CT_CHARS ? decodeB64u(ct) : undefined;
  const parsed = bytes && parseSenderMessage(bytes);
  if (!parsed) return fail('malformed');
  const found = record.chains.find(parsed.chainId, now());
  if (!found.ok) return fail(found.error);
  const precheck = found.chain.checkIndex(parsed.index);
  if (precheck !== 'ok') return fail(precheck);

  const ctx = { room, senderId: from };
  let verified = false;
  try {
    const verifier = await record.verifier;
    verified = await verifier.verify(parsed.signature, encodeSignedBytes(ctx, parsed.signedPart));
  } catch {
    verified = false;
  }
  if (!verified) return fail('bad_signature');

  // State may have moved while we awaited: look everything up again before touching keys.
  if (lookupMember() !== record) return fail('unknown_member');
  const again = record.chains.find(parsed.chainId, now());
  if (!again.ok) return fail(again.error);
  const opened = again.chain.useMessageKey(parsed.index, (key) => decryptSenderMessage(ctx, parsed, key));
  if (!opened.ok) return fail(opened.reason === 'rejected' ? 'bad_ciphertext' : opened.reason);
  const decoded = decodeMessagePlaintext(opened.value);
  wipe(opened.value);
  if (!decoded.ok) return fail('bad_plaintext');
  return { ok: true, message: decoded.message, chainId: parsed.chainId, index: parsed.index };
}

function fail(error: DecryptError): DecryptResult {
  return { ok: false, error };
}
