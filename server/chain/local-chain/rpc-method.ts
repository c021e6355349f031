/**
 * The shape of a JSON-RPC method handler and the `{ context, value }` wrapper real nodes put
 * around most results.
 */
import type { LocalNode } from './local-node.ts';

/** Version reported by getVersion and in `context.apiVersion`. */
export const SOLANA_CORE_VERSION = '2.3.0';

/** A JSON-RPC method: validates its params, returns the result (bigints allowed). */
export type RpcMethod = (params: unknown, node: LocalNode) => unknown;

/** Wraps a value with the current slot, as `RpcResponse<T>`. */
export function withContext<T>(
  node: LocalNode,
  value: T,
): { context: { apiVersion: string; slot: bigint }; value: T } {
  return { context: { apiVersion: SOLANA_CORE_VERSION, slot: node.ledger.slot }, value };
}
