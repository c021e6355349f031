/**
 * WebSocket frames that break RFC 6455 framing, as raw bytes for the TCP socket under a `ws`
 * client (which would refuse to write them): a server must close such a connection with 1002
 * (protocol error), or 1007 for a close reason that is not UTF-8, 1009 for a length it cannot hold.
 */
import type { Prng } from './prng.ts';

export interface WsViolation {
  name: string;
  bytes: Uint8Array;
  /** The close code the server must answer with. */
  closeCode: number;
}

const OP = { continuation: 0x0, text: 0x1, close: 0x8, ping: 0x9 } as const;
const FIN = 0x80;
const RSV1 = 0x40;
const RSV2 = 0x20;
const RSV3 = 0x10;

/** One frame: `first` is the FIN/RSV/opcode byte; masked unless `masked` is false. */
function rawFrame(first: number, payload: Uint8Array, masked = true, lengthBytes?: Uint8Array): Uint8Array {
  const header: number[] = [first];
  const maskBit = masked ? 0x80 : 0;
  if (lengthBytes) header.push(maskBit | 127, ...lengthBytes);
  else if (payload.length < 126) header.push(maskBit | payload.length);
  else header.push(maskBit | 126, payload.length >> 8, payload.length & 0xff);
  const mask = masked ? [0x12, 0x34, 0x56, 0x78] : [];
  const body = payload.map((b, i) => (masked ? b ^ mask[i % 4]! : b));
  return new Uint8Array([...header, ...mask, ...body]);
}

const text = (s: string) => new TextEncoder().encode(s);
const closePayload = (code: number, reason: number[] = []) =>
  new Uint8Array([code >> 8, code & 0xff, ...reason]);

const VIOLATIONS: readonly (() => WsViolation)[] = [
  () => ({
    name: 'continuation without a start',
    bytes: rawFrame(FIN | OP.continuation, text('{}')),
    closeCode: 1002,
  }),
  () => ({
    name: 'RSV1 without an extension',
    bytes: rawFrame(FIN | RSV1 | OP.text, text('{}')),
    closeCode: 1002,
  }),
  () => ({ name: 'RSV2 set', bytes: rawFrame(FIN | RSV2 | OP.text, text('{}')), closeCode: 1002 }),
  () => ({ name: 'RSV3 set', bytes: rawFrame(FIN | RSV3 | OP.text, text('{}')), closeCode: 1002 }),
  () => ({
    name: 'unmasked client frame',
    bytes: rawFrame(FIN | OP.text, text('{"t":"ping"}'), false),
    closeCode: 1002,
  }),
  () => ({
    name: 'control frame over 125 bytes',
    bytes: rawFrame(FIN | OP.ping, new Uint8Array(126)),
    closeCode: 1002,
  }),
  () => ({ name: 'fragmented control frame', bytes: rawFrame(OP.ping, new Uint8Array(4)), closeCode: 1002 }),
  () => ({ name: 'reserved data opcode', bytes: rawFrame(FIN | 0x3, text('{}')), closeCode: 1002 }),
  () => ({ name: 'reserved control opcode', bytes: rawFrame(FIN | 0xb, new Uint8Array(0)), closeCode: 1002 }),
  () => ({
    name: 'close with one byte',
    bytes: rawFrame(FIN | OP.close, new Uint8Array([3])),
    closeCode: 1002,
  }),
  () => ({
    name: 'close with code 999',
    bytes: rawFrame(FIN | OP.close, closePayload(999)),
    closeCode: 1002,
  }),
  () => ({
    name: 'close with code 1005',
    bytes: rawFrame(FIN | OP.close, closePayload(1005)),
    closeCode: 1002,
  }),
  () => ({
    name: 'close with a reason that is not UTF-8',
    bytes: rawFrame(FIN | OP.close, closePayload(1000, [0xff, 0xfe])),
    closeCode: 1007,
  }),
  () => ({
    name: 'a new message inside a fragmented one',
    bytes: new Uint8Array([...rawFrame(OP.text, text('{"t":')), ...rawFrame(FIN | OP.text, text('{}'))]),
    closeCode: 1002,
  }),
  () => ({
    name: 'a 64-bit length above 2^53',
    bytes: rawFrame(FIN | OP.text, new Uint8Array(0), true, new Uint8Array([0x7f, 0xff, 0, 0, 0, 0, 0, 0])),
    closeCode: 1009,
  }),
];

export const WS_VIOLATION_COUNT = VIOLATIONS.length;

/** One of the violations, drawn from `prng`. */
export function wsViolation(prng: Prng): WsViolation {
  return prng.pick(VIOLATIONS)();
}
