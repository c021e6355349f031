/**
 * What the room scripts (room-scripts.ts) answer and what travels on a room's channel, as valibot
 * schemas: everything read back from Redis is validated before use (docs/scaling-out.md).
 */
import * as v from 'valibot';
import {
  ED25519_PUBLIC_KEY_CHARS,
  MAX_COMMIT_BYTES,
  MAX_CT_CHARS,
  MAX_SIGNAL_CT_CHARS,
} from '../../shared/protocol/limits.ts';
import { StoreDataError } from './redis-connection.ts';

const COMMIT_CHARS = Math.ceil((MAX_COMMIT_BYTES * 4) / 3);

export const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{12}$/));
const B64u = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]*$/));
const Seq = v.pipe(v.number(), v.integer(), v.minValue(1));
const Epoch = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
export const EventSchema = v.variant('k', [
  v.object({ k: v.literal('join'), s: Seq, m: Id }),
  v.object({ k: v.literal('leave'), s: Seq, m: Id }),
  v.object({ k: v.literal('msg'), f: Id, c: v.pipe(B64u, v.maxLength(MAX_CT_CHARS)), ts: v.number() }),
  v.object({ k: v.literal('sig'), f: Id, to: Id, c: v.pipe(B64u, v.maxLength(MAX_SIGNAL_CT_CHARS)) }),
  v.object({
    k: v.literal('cmt'),
    f: Id,
    e: Epoch,
    c: v.pipe(B64u, v.minLength(1), v.maxLength(COMMIT_CHARS)),
  }),
]);
const Optional = v.pipe(
  v.string(),
  v.regex(/^\d*$/),
  v.transform((s) => (s === '' ? null : Number(s))),
);
const Counter = v.pipe(
  v.string(),
  v.regex(/^\d{1,15}$/),
  v.transform((s) => Number(s)),
);
/** A stored key: b64u of 32 bytes, or `''` before the epoch-0 frame. */
const StoredKey = v.pipe(
  v.string(),
  v.regex(new RegExp(`^(?:[A-Za-z0-9_-]{${ED25519_PUBLIC_KEY_CHARS}})?$`)),
);
const GroupInfo = v.pipe(
  B64u,
  v.transform((s) => (s === '' ? null : s)),
);
export const JoinReply = v.union([
  v.tuple([
    v.literal('ok'),
    Optional,
    Optional,
    v.picklist(['open', 'approval']),
    Seq,
    Counter,
    GroupInfo,
    v.array(v.string()),
  ]),
  v.tuple([v.picklist(['expired', 'room_full'])]),
]);
const NotFound = v.tuple([v.literal('not_found')]);
export const KeysReply = v.union([v.tuple([v.literal('ok'), Counter, StoredKey, StoredKey]), NotFound]);
export const CommitReply = v.union([
  v.tuple([v.literal('ok'), Epoch]),
  v.tuple([v.literal('stale'), Epoch]),
  NotFound,
]);
export const GroupReply = v.union([v.tuple([v.literal('ok'), Counter, GroupInfo]), NotFound]);

/** Validates a script's reply; `StoreDataError` for anything unexpected. */
export function parseReply<S extends v.GenericSchema>(
  schema: S,
  reply: unknown,
  what: string,
): v.InferOutput<S> {
  const parsed = v.safeParse(schema, reply);
  if (!parsed.success) throw new StoreDataError(`redis answered a ${what} with something unexpected`);
  return parsed.output;
}
