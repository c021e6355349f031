/**
 * Cluster and block JSON-RPC methods: getLatestBlockhash, isBlockhashValid, getSlot,
 * getBlockHeight, getEpochInfo, getHealth, getVersion, getGenesisHash,
 * getRecentPrioritizationFees. Block height equals slot: the local chain skips no slot.
 */
import * as v from 'valibot';
import { SLOTS_PER_EPOCH } from './local-ledger.ts';
import { type RpcMethod, SOLANA_CORE_VERSION, withContext } from './rpc-method.ts';
import { ADDRESS, COMMITMENT_CONFIG, parseParams } from './rpc-params.ts';

const BLOCKHASH = v.pipe(
  v.string(),
  v.regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'Invalid param: invalid blockhash'),
);
const NO_PARAMS = v.tuple([COMMITMENT_CONFIG]);

const getLatestBlockhash: RpcMethod = (params, node) => {
  parseParams(NO_PARAMS, params);
  return withContext(node, node.ledger.getLatestBlockhash());
};

const isBlockhashValid: RpcMethod = (params, node) => {
  const [blockhash] = parseParams(v.tuple([BLOCKHASH, COMMITMENT_CONFIG]), params);
  return withContext(node, node.ledger.isBlockhashValid(blockhash));
};

const getSlot: RpcMethod = (params, node) => {
  parseParams(NO_PARAMS, params);
  return node.ledger.slot;
};

const getEpochInfo: RpcMethod = (params, node) => {
  parseParams(NO_PARAMS, params);
  const slotsInEpoch = SLOTS_PER_EPOCH;
  const slot = node.ledger.slot;
  return {
    absoluteSlot: slot,
    blockHeight: slot,
    epoch: slot / slotsInEpoch,
    slotIndex: slot % slotsInEpoch,
    slotsInEpoch,
    transactionCount: BigInt(node.ledger.records.size),
  };
};

const getHealth: RpcMethod = (params) => {
  parseParams(v.tuple([]), params);
  return 'ok';
};

const getVersion: RpcMethod = (params) => {
  parseParams(v.tuple([]), params);
  return { 'solana-core': SOLANA_CORE_VERSION, 'feature-set': 0 };
};

const getGenesisHash: RpcMethod = (params, node) => {
  parseParams(v.tuple([]), params);
  return node.ledger.genesisHash;
};

const getRecentPrioritizationFees: RpcMethod = (params) => {
  parseParams(v.tuple([v.optional(v.array(ADDRESS))]), params);
  return [];
};

/** The cluster methods by name (getBlockHeight answers like getSlot). */
export const CLUSTER_METHODS: Record<string, RpcMethod> = {
  getLatestBlockhash,
  isBlockhashValid,
  getSlot,
  getBlockHeight: getSlot,
  getEpochInfo,
  getHealth,
  getVersion,
  getGenesisHash,
  getRecentPrioritizationFees,
};
