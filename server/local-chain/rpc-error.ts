/**
 * JSON-RPC 2.0 errors as a real Solana node (Agave) returns them: the standard codes plus the
 * Solana-specific ones (`-32002` preflight failure, `-32003` signature verification failure, ...).
 */

import type { Logger } from 'pino';
import { errorName } from '../log/logger.ts';

/** JSON-RPC error codes used by the local chain (values as in Agave's `rpc_custom_error.rs`). */
export const RPC_ERROR_CODE = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  SEND_TRANSACTION_PREFLIGHT_FAILURE: -32002,
  TRANSACTION_SIGNATURE_VERIFICATION_FAILURE: -32003,
  UNSUPPORTED_TRANSACTION_VERSION: -32015,
} as const;

/** An error answered to the client as a JSON-RPC `error` object. */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The JSON-RPC `error` member for this error. */
  toJson(): { code: number; message: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** `-32602 Invalid params: …`, the answer to a request whose params do not fit the method. */
export function createInvalidParamsError(detail: string, cause?: unknown): RpcError {
  return new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, `Invalid params: ${detail}`, undefined, { cause });
}

/**
 * The answer for whatever a method threw: its own `RpcError`, or `Internal error`, logged by class
 * name only (messages may name accounts).
 */
export function rpcErrorOf(error: unknown, method: string, logger: Logger): RpcError {
  if (error instanceof RpcError) return error;
  logger.error({ err: errorName(error), method }, 'local chain RPC method failed');
  return new RpcError(RPC_ERROR_CODE.INTERNAL_ERROR, 'Internal error');
}
