/**
 * A generated frame made ready for one connection: placeholders filled, padding to its exact
 * size, cut into fragments, and what the server must do with it, worked out from the bytes
 * themselves and the shared parser (the server's own): close with 1009 above the frame limit,
 * 1007 for invalid UTF-8, the violation's code for broken framing; else a malformed frame must
 * get `bad_request`, and a request with an id its reply.
 */
import type { RequestId } from '../../shared/protocol/fields.ts';
import { MAX_FRAME_BYTES } from '../../shared/protocol/limits.ts';
import { parseClientFrame } from '../../shared/protocol/parse-frame.ts';
import { REQUEST_REPLIES } from '../../shared/protocol/request-replies.ts';
import type { FuzzFrame } from './frame-generator.ts';
import { type FrameContext, fillPlaceholders } from './valid-frames.ts';

export type Wire =
  | { kind: 'text'; bytes: Buffer }
  | { kind: 'binary'; bytes: Uint8Array }
  | { kind: 'fragments'; parts: Buffer[]; pings: boolean }
  | { kind: 'flood'; texts: string[] }
  | { kind: 'raw'; bytes: Uint8Array };

export interface Request {
  id: RequestId;
  replies: readonly string[];
}

export interface PreparedFrame {
  frame: FuzzFrame;
  wire: Wire;
  /** The close code this frame must end the connection with, if it must. */
  closeCode: number | undefined;
  /** How many of its frames the shared parser refuses: signed in, each must get `bad_request`. */
  malformed: number;
  /** Its well-formed requests with an id: the server must answer each (reply types or an error). */
  requests: Request[];
}

const PAD_FIELD_OVERHEAD = Buffer.byteLength(',"pad":""');

export function prepareFrame(frame: FuzzFrame, context: FrameContext): PreparedFrame {
  const payload = frame.payload;
  const base = { frame, closeCode: undefined, malformed: 0, requests: [] };
  switch (payload.kind) {
    case 'text': {
      const text = pad(fillPlaceholders(payload.text, context), payload.padTo);
      const bytes = Buffer.from(text, 'utf8');
      return { ...base, wire: { kind: 'text', bytes }, ...expectationsOf(text, bytes.length) };
    }
    case 'broken-utf8': {
      const good = Buffer.from(fillPlaceholders(payload.text, context), 'utf8');
      const at = Math.floor(payload.at * good.length);
      const bytes = Buffer.concat([good.subarray(0, at), Buffer.from(payload.bytes), good.subarray(at)]);
      return {
        ...base,
        wire: { kind: 'text', bytes },
        closeCode: bytes.length > MAX_FRAME_BYTES ? 1009 : 1007,
      };
    }
    case 'binary':
      return {
        ...base,
        wire: { kind: 'binary', bytes: payload.bytes },
        closeCode: payload.bytes.length > MAX_FRAME_BYTES ? 1009 : undefined,
        malformed: 1,
      };
    case 'fragments': {
      const text = pad(fillPlaceholders(payload.text, context), payload.padTo);
      const bytes = Buffer.from(text, 'utf8');
      const cuts = [...new Set(payload.cuts.map((c) => Math.floor(c * bytes.length)))].filter(
        (c) => c > 0 && c < bytes.length,
      );
      const parts = [0, ...cuts].map((start, i) => bytes.subarray(start, cuts[i] ?? bytes.length));
      return {
        ...base,
        wire: { kind: 'fragments', parts, pings: payload.pings },
        ...expectationsOf(text, bytes.length),
      };
    }
    case 'flood': {
      const each = payload.texts.map((text) => expectationsOf(text, Buffer.byteLength(text)));
      const malformed = each.reduce((sum, e) => sum + e.malformed, 0);
      return {
        ...base,
        wire: { kind: 'flood', texts: payload.texts },
        malformed,
        requests: each.flatMap((e) => e.requests),
      };
    }
    case 'ws-violation':
      return {
        ...base,
        wire: { kind: 'raw', bytes: payload.violation.bytes },
        closeCode: payload.violation.closeCode,
      };
  }
}

/** Pads a JSON object's text with a `pad` field to exactly `bytes` UTF-8 bytes. */
function pad(text: string, bytes: number | undefined): string {
  if (bytes === undefined || !text.endsWith('}')) return text;
  const missing = bytes - Buffer.byteLength(text) - PAD_FIELD_OVERHEAD;
  if (missing < 0) return text;
  return `${text.slice(0, -1)},"pad":"${'x'.repeat(missing)}"}`;
}

function expectationsOf(
  text: string,
  bytes: number,
): Pick<PreparedFrame, 'closeCode' | 'malformed' | 'requests'> {
  if (bytes > MAX_FRAME_BYTES) return { closeCode: 1009, malformed: 0, requests: [] };
  const parsed = parseClientFrame(text);
  if (!parsed.ok) return { closeCode: undefined, malformed: 1, requests: [] };
  const { t, id } = parsed.frame;
  // Signed in, `auth` is refused as `bad_request` ("already signed in").
  if (t === 'auth') return { closeCode: undefined, malformed: 1, requests: [] };
  const replies = (REQUEST_REPLIES as Record<string, readonly string[]>)[t];
  return {
    closeCode: undefined,
    malformed: 0,
    requests: id !== undefined && replies ? [{ id, replies }] : [],
  };
}
