/**
 * The HTTP side of the local chain: JSON-RPC 2.0 on `POST` (any path, as real nodes), and
 * `GET /health` answering `ok`. Bodies over {@link MAX_BODY_SIZE} are refused with 413.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { errorName } from '../log/logger.ts';
import type { LocalNode } from './local-node.ts';
import { handleRpcBody } from './rpc-dispatcher.ts';

/** Largest JSON-RPC request body accepted. */
export const MAX_BODY_SIZE = 1024 * 1024; // bytes

/** The body exceeded {@link MAX_BODY_SIZE}. */
class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_SIZE) {
        reject(new BodyTooLargeError(`request body over ${MAX_BODY_SIZE} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function handleHttpRequest(
  request: IncomingMessage,
  response: ServerResponse,
  node: LocalNode,
  logger: Logger,
) {
  if (request.method === 'GET' && request.url === '/health') {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  if (request.method !== 'POST') {
    response.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  let body: string;
  try {
    body = await readBody(request);
  } catch (error) {
    const status = error instanceof BodyTooLargeError ? 413 : 400;
    response.writeHead(status, { connection: 'close' }).end();
    return;
  }
  const answer = await handleRpcBody(body, node, logger);
  response.writeHead(200, { 'content-type': 'application/json' }).end(answer ?? '');
}

/** Creates the HTTP server (not yet listening) that serves JSON-RPC for `node`. */
export function createRpcHttpServer(node: LocalNode, logger: Logger): Server {
  return createServer((request, response) => {
    handleHttpRequest(request, response, node, logger).catch((error: unknown) => {
      logger.error({ err: errorName(error) }, 'local chain HTTP request failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
}
