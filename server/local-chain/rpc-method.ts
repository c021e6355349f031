/**
 * The shape of a JSON-RPC 2.0 request (over HTTP and WebSocket alike), of a method handler, and
 * the `{ context, value }` wrapper real nodes put around most results.
 */
import * as v from 'valibot';
import type { LocalNode } from './local-node.ts';

/** Version reported by getVersion and in `context.apiVersion`. */
export const SOLANA_CORE_VERSION = '2.3.0';

const REQUEST_ID = v.union([v.string(), v.number(), v.null()]);

/** A JSON-RPC 2.0 request; without an `id` it is a notification and gets no answer. */
export const JSON_RPC_REQUEST = v.object({
  jsonrpc: v.literal('2.0'),
  id: v.optional(REQUEST_ID),
  method: v.string(),
  params: v.optional(v.unknown()),
});

/** The `id` of a JSON-RPC request (`null` when it could not be read). */
export type RequestId = v.InferOutput<typeof REQUEST_ID>;

/** A JSON-RPC method: validates its params, returns the result (bigints allowed). */
export type RpcMethod = (params: unknown, node: LocalNode) => unknown;

/** Wraps a value with the current slot, as `RpcResponse<T>`. */
export function withContext<T>(
  node: LocalNode,
  value: T,
): { context: { apiVersion: string; slot: bigint }; value: T } {
  return { context: { apiVersion: SOLANA_CORE_VERSION, slot: node.ledger.slot }, value };
}
