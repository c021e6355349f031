/**
 * getSignaturesForAddress: the landed transactions that name an address, newest first, as a real
 * node answers it (`before`/`until`/`limit`). A linear scan of the chain's own records: the local
 * chain holds few, and nothing else needs an index. Each record's account keys are decoded once
 * and kept: decoding a wire transaction costs a fraction of a millisecond, and a redeem that finds
 * its keys already minted asks this once per key.
 */
import * as v from 'valibot';
import type { RpcMethod } from './rpc-method.ts';
import { ADDRESS, COMMITMENT, parseParams, SIGNATURE } from './rpc-params.ts';
import type { TransactionRecord } from './transaction-record.ts';
import { decodeTransaction } from './wire-transaction.ts';

const MAX_LIMIT = 1000; // entries, as Agave

/** Static account keys by record (records never change once landed). */
const accountKeysByRecord = new WeakMap<TransactionRecord, readonly string[]>();

function readAccountKeys(record: TransactionRecord): readonly string[] {
  let keys = accountKeysByRecord.get(record);
  if (!keys) {
    keys = decodeTransaction(record.wire).message.staticAccounts;
    accountKeysByRecord.set(record, keys);
  }
  return keys;
}

const getSignaturesForAddress: RpcMethod = (params, node) => {
  const [address, config] = parseParams(
    v.tuple([
      ADDRESS,
      v.optional(
        v.object({
          limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_LIMIT))),
          before: v.optional(SIGNATURE),
          until: v.optional(SIGNATURE),
          commitment: v.optional(COMMITMENT),
          minContextSlot: v.optional(v.number()),
        }),
        {},
      ),
    ]),
    params,
  );
  const newestFirst = [...node.ledger.records.values()].reverse();
  const start =
    config.before === undefined ? 0 : newestFirst.findIndex((r) => r.signature === config.before) + 1;
  const found: unknown[] = [];
  for (const record of newestFirst.slice(start)) {
    if (record.signature === config.until || found.length >= (config.limit ?? MAX_LIMIT)) break;
    if (!readAccountKeys(record).includes(address)) continue;
    found.push({
      signature: record.signature,
      slot: record.slot,
      err: record.err,
      memo: null,
      blockTime: record.blockTime,
      confirmationStatus: 'finalized',
    });
  }
  return found;
};

export const HISTORY_METHODS: Record<string, RpcMethod> = { getSignaturesForAddress };
