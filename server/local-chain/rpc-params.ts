/**
 * Valibot schemas of JSON-RPC params shared by several methods, and the one place where params
 * are parsed: a request whose params do not fit answers `-32602 Invalid params` like a real node.
 * Unknown config fields are ignored (valibot objects strip them), as Agave's serde configs do.
 */
import { isAddress, isSignature } from '@solana/kit';
import * as v from 'valibot';
import { createInvalidParamsError, RPC_ERROR_CODE, RpcError } from './rpc-error.ts';

/** A base58 account address. */
export const ADDRESS = v.custom<string>(
  (input) => typeof input === 'string' && isAddress(input),
  'Invalid param: WrongSize',
);
/** A base58 transaction signature. */
export const SIGNATURE = v.custom<string>(
  (input) => typeof input === 'string' && isSignature(input),
  'Invalid param: invalid signature',
);
/** A u64 that fits a JS number. */
export const U64 = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
/** A commitment level. */
export const COMMITMENT = v.picklist(['processed', 'confirmed', 'finalized']);

/** `{ commitment?, minContextSlot? }`, accepted by most methods. */
export const COMMITMENT_CONFIG = v.optional(
  v.object({ commitment: v.optional(COMMITMENT), minContextSlot: v.optional(U64) }),
);

/** Encodings of account data. */
export const ACCOUNT_ENCODING = v.picklist(['base58', 'base64', 'base64+zstd', 'jsonParsed']);

/** Account query config of getAccountInfo / getMultipleAccounts / getTokenAccountsByOwner. */
export const ACCOUNT_CONFIG = v.optional(
  v.object({
    commitment: v.optional(COMMITMENT),
    minContextSlot: v.optional(U64),
    encoding: v.optional(ACCOUNT_ENCODING),
    dataSlice: v.optional(v.object({ offset: U64, length: U64 })),
  }),
);

/** Parses `params` (absent = `[]`) with a tuple schema; throws `-32602` on mismatch. */
export function parseParams<TSchema extends v.GenericSchema>(
  schema: TSchema,
  params: unknown,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, params ?? []);
  if (result.success) return result.output;
  const issue = result.issues[0];
  if (issue.message.startsWith('Invalid param'))
    throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, issue.message);
  const where = v.getDotPath(issue);
  throw createInvalidParamsError(where ? `${issue.message} at params.${where}` : issue.message);
}
