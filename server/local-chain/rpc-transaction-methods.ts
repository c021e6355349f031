/**
 * Transaction JSON-RPC methods: sendTransaction, simulateTransaction, getSignatureStatuses,
 * getTransaction, requestAirdrop, getFeeForMessage.
 */
import { type Address, getBase64Encoder, getCompiledTransactionMessageDecoder } from '@solana/kit';
import * as v from 'valibot';
import { encodeAccount } from './account-encoding.ts';
import { computeMessageFee } from './fees.ts';
import { createInvalidParamsError, RPC_ERROR_CODE, RpcError } from './rpc-error.ts';
import { type RpcMethod, withContext } from './rpc-method.ts';
import {
  ACCOUNT_ENCODING,
  ADDRESS,
  COMMITMENT,
  COMMITMENT_CONFIG,
  parseParams,
  SIGNATURE,
  U64,
} from './rpc-params.ts';
import { buildTransactionResponse } from './transaction-response.ts';
import {
  createSignatureFailureError,
  decodeTransaction,
  decodeWireText,
  type SupportedCompiledMessage,
  verifyTransactionSignatures,
} from './wire-transaction.ts';

const MAX_SIGNATURE_STATUSES = 256; // signatures per request, as Agave
const WIRE_ENCODING = v.optional(v.picklist(['base58', 'base64']), 'base58');

const SEND_CONFIG = v.optional(
  v.object({
    encoding: WIRE_ENCODING,
    skipPreflight: v.optional(v.boolean(), false),
    preflightCommitment: v.optional(COMMITMENT),
    maxRetries: v.optional(U64),
    minContextSlot: v.optional(U64),
  }),
  {},
);

const SIMULATE_CONFIG = v.optional(
  v.object({
    encoding: WIRE_ENCODING,
    sigVerify: v.optional(v.boolean(), false),
    replaceRecentBlockhash: v.optional(v.boolean(), false),
    commitment: v.optional(COMMITMENT),
    minContextSlot: v.optional(U64),
    innerInstructions: v.optional(v.boolean()),
    accounts: v.optional(v.object({ addresses: v.array(ADDRESS), encoding: v.optional(ACCOUNT_ENCODING) })),
  }),
  {},
);

const sendTransaction: RpcMethod = async (params, node) => {
  const [text, config] = parseParams(v.tuple([v.string(), SEND_CONFIG]), params);
  const wire = decodeWireText(text, config.encoding);
  return node.sendTransaction(wire, { skipPreflight: config.skipPreflight });
};

const simulateTransaction: RpcMethod = async (params, node) => {
  const [text, config] = parseParams(v.tuple([v.string(), SIMULATE_CONFIG]), params);
  if (config.sigVerify && config.replaceRecentBlockhash) {
    throw createInvalidParamsError('sigVerify may not be used with replaceRecentBlockhash');
  }
  const decoded = decodeTransaction(decodeWireText(text, config.encoding));
  if (config.sigVerify && !verifyTransactionSignatures(decoded)) throw createSignatureFailureError();
  const outcome = node.ledger.simulate(decoded, {
    replaceRecentBlockhash: config.replaceRecentBlockhash,
  });
  const accountsConfig = config.accounts;
  const accounts = accountsConfig
    ? accountsConfig.addresses.map((address) => {
        const post = outcome.postAccounts.get(address);
        const account = post ?? node.ledger.svm.getAccount(address as Address);
        return encodeAccount(account, { encoding: accountsConfig.encoding ?? 'base64' });
      })
    : null;
  return withContext(node, {
    err: outcome.err,
    logs: outcome.logs,
    accounts,
    unitsConsumed: outcome.unitsConsumed,
    returnData: outcome.returnData,
    innerInstructions: null,
    replacementBlockhash: config.replaceRecentBlockhash ? node.ledger.getLatestBlockhash() : null,
    loadedAccountsDataSize: 0,
    fee: outcome.err === null ? computeMessageFee(decoded.message) : null,
  });
};

const getSignatureStatuses: RpcMethod = (params, node) => {
  const [signatures] = parseParams(
    v.tuple([
      v.pipe(v.array(SIGNATURE), v.maxLength(MAX_SIGNATURE_STATUSES, 'Too many inputs provided; max 256')),
      v.optional(v.object({ searchTransactionHistory: v.optional(v.boolean()) })),
    ]),
    params,
  );
  const statuses = signatures.map((signature) => {
    const record = node.ledger.records.get(signature);
    if (!record) return null;
    const status = record.err === null ? { Ok: null } : { Err: record.err };
    return {
      slot: record.slot,
      confirmations: null,
      err: record.err,
      status,
      confirmationStatus: 'finalized',
    };
  });
  return withContext(node, statuses);
};

const getTransaction: RpcMethod = (params, node) => {
  const [signature, config] = parseParams(
    v.tuple([
      SIGNATURE,
      v.optional(
        v.union([
          v.picklist(['json', 'jsonParsed', 'base64', 'base58']),
          v.object({
            encoding: v.optional(v.picklist(['json', 'jsonParsed', 'base64', 'base58'])),
            commitment: v.optional(COMMITMENT),
            maxSupportedTransactionVersion: v.optional(U64),
          }),
        ]),
      ),
    ]),
    params,
  );
  const options = typeof config === 'string' ? { encoding: config } : (config ?? {});
  if ('commitment' in options && options.commitment === 'processed') {
    throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, 'Method does not support commitment below `confirmed`');
  }
  const record = node.ledger.records.get(signature);
  if (!record) return null;
  const decoded = decodeTransaction(record.wire);
  const maxVersion =
    'maxSupportedTransactionVersion' in options ? options.maxSupportedTransactionVersion : undefined;
  if (decoded.message.version === 0 && maxVersion === undefined) {
    throw new RpcError(
      RPC_ERROR_CODE.UNSUPPORTED_TRANSACTION_VERSION,
      'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
    );
  }
  return buildTransactionResponse(record, decoded, options.encoding ?? 'json', maxVersion !== undefined);
};

const requestAirdrop: RpcMethod = (params, node) => {
  const [address, lamports] = parseParams(v.tuple([ADDRESS, U64, COMMITMENT_CONFIG]), params);
  return node.requestAirdrop(address as Address, BigInt(lamports));
};

const getFeeForMessage: RpcMethod = (params, node) => {
  const [text] = parseParams(v.tuple([v.string(), COMMITMENT_CONFIG]), params);
  let message: SupportedCompiledMessage;
  try {
    const decoded = getCompiledTransactionMessageDecoder().decode(getBase64Encoder().encode(text));
    if (decoded.version === 1) throw new Error('unsupported transaction version 1');
    message = decoded as SupportedCompiledMessage;
  } catch (cause) {
    throw createInvalidParamsError('failed to deserialize message', cause);
  }
  const valid = node.ledger.isBlockhashValid(message.lifetimeToken);
  return withContext(node, valid ? computeMessageFee(message) : null);
};

/** The transaction methods by name. */
export const TRANSACTION_METHODS: Record<string, RpcMethod> = {
  sendTransaction,
  simulateTransaction,
  getSignatureStatuses,
  getTransaction,
  requestAirdrop,
  getFeeForMessage,
};
