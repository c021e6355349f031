/**
 * getSignaturesForAddress: the landed transactions that name an address, newest first, as a real
 * node answers it (`before`/`until`/`limit`). A linear scan of the chain's own records: the local
 * chain holds few, and nothing else needs an index.
 */
import * as v from 'valibot';
import type { RpcMethod } from './rpc-method.ts';
import { ADDRESS, COMMITMENT, parseParams, SIGNATURE } from './rpc-params.ts';
import { decodeTransaction } from './wire-transaction.ts';

const MAX_LIMIT = 1000; // entries, as Agave

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
    if (!decodeTransaction(record.wire).message.staticAccounts.includes(address as never)) continue;
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
