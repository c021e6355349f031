/**
 * What the fuzzer holds every server reply to: a text frame that parses as a `ServerFrame`
 * (shared/protocol/server-frames.ts), an error message that is short human text (no stack, no
 * path, no echo of what was sent), and no wallet address anywhere (PROTOCOL.md: the server never
 * returns one, and none of these frames carries one).
 */
import * as v from 'valibot';
import { ServerFrame } from '../../shared/protocol/server-frames.ts';

/** Longer than any message the server writes, far shorter than an echoed field. */
export const MAX_ERROR_MESSAGE_CHARS = 160;
const LEAKY_MESSAGE = /(\bat \S+:\d+|node_modules|\.ts\b|\.js\b|Error:|\n)/;
const BASE58_RUN = /[1-9A-HJ-NP-Za-km-z]{32,}/g;
/** Frames whose fields are all what clients sent (`ct`) or server-made ids: not searched for wallets. */
const RELAYED = new Set(['msg', 'signal']);

export type CheckedReply = { ok: true; frame: ServerFrame } | { ok: false; problem: string };

/** Checks one frame the server sent; `wallets`: every wallet address signed in during the run. */
export function checkReply(
  data: Buffer | string,
  isBinary: boolean,
  wallets: ReadonlySet<string>,
): CheckedReply {
  if (isBinary) return { ok: false, problem: 'the server sent a binary frame' };
  const text = String(data);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: `not JSON: ${text.slice(0, 80)}` };
  }
  const parsed = v.safeParse(ServerFrame, raw);
  if (!parsed.success) {
    return { ok: false, problem: `not a ServerFrame (${parsed.issues[0]?.message}): ${text.slice(0, 120)}` };
  }
  const frame = parsed.output;
  if (!RELAYED.has(frame.t) && findWallet(text, wallets)) {
    return { ok: false, problem: `a reply names a wallet: ${text.slice(0, 120)}` };
  }
  if (frame.t === 'error') {
    if (frame.message.length > MAX_ERROR_MESSAGE_CHARS) {
      return {
        ok: false,
        problem: `error message of ${frame.message.length} chars: ${frame.message.slice(0, 80)}…`,
      };
    }
    if (LEAKY_MESSAGE.test(frame.message))
      return { ok: false, problem: `error message leaks: ${frame.message}` };
    if (frame.code === 'internal') return { ok: false, problem: `internal error: ${frame.message}` };
  }
  return { ok: true, frame };
}

/** The first of `wallets` that appears in `text`, if any. */
export function findWallet(text: string, wallets: ReadonlySet<string>): string | undefined {
  for (const run of text.match(BASE58_RUN) ?? []) {
    // A run may hold an address between other base58 characters: try every 32–44 window.
    for (let start = 0; start + 32 <= run.length; start++) {
      for (let end = start + 32; end <= Math.min(run.length, start + 44); end++) {
        if (wallets.has(run.slice(start, end))) return run.slice(start, end);
      }
    }
  }
  return undefined;
}
