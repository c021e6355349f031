/**
 * Refusing a connection on its raw socket, before or instead of a WebSocket upgrade: a short HTTP
 * response in the protocol's error shape (PROTOCOL.md §5), then the socket is destroyed as soon as
 * the response is written, so a refused socket holds no descriptor.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../../shared/protocol/error-codes.ts';

export interface RawRefusal {
  status: number;
  code: ErrorCode;
  message: string;
  retryAfterSeconds?: number;
}

/** Writes `refusal` as an HTTP response with `Connection: close` and destroys the socket. */
export function refuseRawSocket(socket: Duplex, refusal: RawRefusal): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ t: 'error', code: refusal.code, message: refusal.message });
  const retryAfter =
    refusal.retryAfterSeconds === undefined ? '' : `Retry-After: ${refusal.retryAfterSeconds}\r\n`;
  socket.once('finish', () => socket.destroy());
  socket.once('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${retryAfter}\r\n${body}`,
  );
}
