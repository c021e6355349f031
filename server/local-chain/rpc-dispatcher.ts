/**
 * JSON-RPC 2.0 over one request body: parsing (`-32700`), request validation (`-32600`), method
 * lookup (`-32601`), batches and notifications, and turning thrown errors into error objects.
 * Unexpected errors are logged and answered as `-32603 Internal error`, with no detail.
 */
import type { Logger } from 'pino';
import * as v from 'valibot';
import { stringifyJsonWithBigInts } from './json-with-bigints.ts';
import type { LocalNode } from './local-node.ts';
import { ACCOUNT_METHODS } from './rpc-account-methods.ts';
import { CLUSTER_METHODS } from './rpc-cluster-methods.ts';
import { RPC_ERROR_CODE, RpcError, rpcErrorOf } from './rpc-error.ts';
import { HISTORY_METHODS } from './rpc-history-methods.ts';
import { JSON_RPC_REQUEST, type RequestId, type RpcMethod } from './rpc-method.ts';
import { TRANSACTION_METHODS } from './rpc-transaction-methods.ts';

const RPC_METHODS: Readonly<Record<string, RpcMethod>> = {
  ...ACCOUNT_METHODS,
  ...TRANSACTION_METHODS,
  ...CLUSTER_METHODS,
  ...HISTORY_METHODS,
};

type RpcResponse = { jsonrpc: '2.0'; id: RequestId; result?: unknown; error?: unknown };

function createErrorResponse(id: RequestId, error: RpcError): RpcResponse {
  return { jsonrpc: '2.0', id, error: error.toJson() };
}

async function handleRequest(
  request: unknown,
  node: LocalNode,
  logger: Logger,
): Promise<RpcResponse | undefined> {
  const parsed = v.safeParse(JSON_RPC_REQUEST, request);
  if (!parsed.success)
    return createErrorResponse(null, new RpcError(RPC_ERROR_CODE.INVALID_REQUEST, 'Invalid request'));
  const { id, method: name, params } = parsed.output;
  const method = Object.hasOwn(RPC_METHODS, name) ? RPC_METHODS[name] : undefined;
  let response: RpcResponse;
  if (!method) {
    response = createErrorResponse(
      id ?? null,
      new RpcError(RPC_ERROR_CODE.METHOD_NOT_FOUND, 'Method not found'),
    );
  } else {
    try {
      response = { jsonrpc: '2.0', id: id ?? null, result: await method(params, node) };
    } catch (error) {
      response = createErrorResponse(id ?? null, rpcErrorOf(error, name, logger));
    }
  }
  return id === undefined ? undefined : response;
}

/** Answers one HTTP body (a request or a batch); `undefined` when it held only notifications. */
export async function handleRpcBody(
  body: string,
  node: LocalNode,
  logger: Logger,
): Promise<string | undefined> {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return stringifyJsonWithBigInts(
      createErrorResponse(null, new RpcError(RPC_ERROR_CODE.PARSE_ERROR, 'Parse error')),
    );
  }
  if (!Array.isArray(payload)) {
    const response = await handleRequest(payload, node, logger);
    return response && stringifyJsonWithBigInts(response);
  }
  if (payload.length === 0) {
    return stringifyJsonWithBigInts(
      createErrorResponse(null, new RpcError(RPC_ERROR_CODE.INVALID_REQUEST, 'Invalid request')),
    );
  }
  const responses = await Promise.all(payload.map((request) => handleRequest(request, node, logger)));
  const answered = responses.filter((response) => response !== undefined);
  return answered.length === 0 ? undefined : stringifyJsonWithBigInts(answered);
}
