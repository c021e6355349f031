/**
 * The fuzzer's frames: mutations of valid frames of every client frame type (valid-frames.ts) and
 * plain junk, in categories, each for a phase of the connection (before sign-in, pipelined behind
 * `auth`, signed in). `FrameGenerator` draws them from a seeded PRNG: the same seed gives the same
 * frames in the same order, whichever connection ends up sending them.
 */
import { MAX_FRAME_BYTES } from '../../shared/protocol/limits.ts';
import {
  ANY_TYPE_VALUES,
  copyValue,
  deepNesting,
  EDGE_NUMBERS,
  type FuzzValue,
  INVALID_UTF8,
  LONE_SURROGATES,
  NUMBER_STRINGS,
  PROTOTYPE_KEYS,
  PROTOTYPE_NAMES,
  setKey,
  writeJson,
} from './fuzz-json.ts';
import { Prng } from './prng.ts';
import { FRAME_TYPES, type FrameType, validFrame } from './valid-frames.ts';
import { type WsViolation, wsViolation } from './ws-violations.ts';

export type Phase = 'before' | 'during' | 'after';

export const CATEGORY_WEIGHTS = {
  'wrong-type': 16,
  'missing-field': 8,
  'extra-field': 6,
  'huge-number': 9,
  'deep-nesting': 3,
  'prototype-keys': 9,
  'lone-surrogate': 6,
  'invalid-utf8': 2,
  binary: 5,
  fragmented: 6,
  oversized: 1,
  'at-limit': 1,
  empty: 3,
  'long-string': 3,
  junk: 8,
  valid: 12,
  flood: 0.08, // each is 120–300 frames
  'ws-violation': 1.5,
} as const;

export type Category = keyof typeof CATEGORY_WEIGHTS;
export const CATEGORIES = Object.keys(CATEGORY_WEIGHTS) as Category[];

const PHASE_WEIGHTS: Record<Phase, number> = { before: 10, during: 3, after: 87 };
const NOT_BEFORE_SIGN_IN: readonly Category[] = ['flood']; // only the first frame would count
const FLOOD_FRAMES = [120, 300] as const;
const LONG_STRING_CHARS = [1000, 60_000] as const;
const NESTING_DEPTHS = [100, 1000, 5000, 10_000] as const;

/** What goes on the wire. Texts hold placeholders (valid-frames.ts) until sent. */
export type Payload =
  /** One text frame; `padTo`: pad it with a field to exactly that many UTF-8 bytes. */
  | { kind: 'text'; text: string; padTo?: number }
  /** A text frame whose UTF-8 has `bytes` spliced in at `at` (a fraction of its length). */
  | { kind: 'broken-utf8'; text: string; at: number; bytes: number[] }
  | { kind: 'binary'; bytes: Uint8Array; padTo?: number }
  /** One text message in fragments cut at `cuts` (fractions), pings between them when `pings`. */
  | { kind: 'fragments'; text: string; cuts: number[]; pings: boolean; padTo?: number }
  /** Frames back to back, as fast as the socket takes them. */
  | { kind: 'flood'; texts: string[] }
  /** Raw bytes on the TCP socket that break RFC 6455 framing. */
  | { kind: 'ws-violation'; violation: WsViolation };

export interface FuzzFrame {
  index: number;
  phase: Phase;
  category: Category;
  /** The frame type the mutation started from, when it did. */
  type: FrameType | undefined;
  payload: Payload;
}

/** How many frames a payload puts on the wire (a flood counts each of its frames). */
export function frameCount(payload: Payload): number {
  return payload.kind === 'flood' ? payload.texts.length : 1;
}

type FrameObject = { [key: string]: FuzzValue };

export class FrameGenerator {
  readonly #prng: Prng;
  #index = 0;

  constructor(
    readonly seed: number,
    private readonly weights: Readonly<Record<Category, number>> = CATEGORY_WEIGHTS,
  ) {
    this.#prng = new Prng(seed);
  }

  next(): FuzzFrame {
    const prng = this.#prng;
    const phase = prng.weighted(PHASE_WEIGHTS);
    let category = prng.weighted(this.weights);
    if (phase !== 'after' && NOT_BEFORE_SIGN_IN.includes(category)) category = 'valid';
    const type = prng.pick(FRAME_TYPES);
    const payload = this.#payload(category, type);
    return { index: this.#index++, phase, category, type, payload };
  }

  #payload(category: Category, type: FrameType): Payload {
    const prng = this.#prng;
    const frame = validFrame(type, prng);
    const text = (value: FuzzValue): Payload => ({ kind: 'text', text: writeJson(value) });
    switch (category) {
      case 'wrong-type':
        return text(this.#replaceField(frame, () => this.#otherType()));
      case 'missing-field': {
        const keys = Object.keys(frame);
        delete frame[prng.pick(keys)];
        return text(frame);
      }
      case 'extra-field':
        setKey(
          frame,
          prng.pick(['x', 'T', 'ID', 'id2', 'bundle', ...PROTOTYPE_NAMES]),
          prng.pick(ANY_TYPE_VALUES),
        );
        return text(frame);
      case 'huge-number': {
        const numeric = ['id', 'ttl', 'msgTtl'].filter((k) => k in frame);
        const value = () => (prng.chance(0.7) ? prng.pick(EDGE_NUMBERS) : prng.pick(NUMBER_STRINGS));
        if (numeric.length > 0 && prng.chance(0.7)) {
          frame[prng.pick(numeric)] = value();
          return text(frame);
        }
        return text(this.#replaceField(frame, value));
      }
      case 'deep-nesting':
        return text(this.#deep(frame));
      case 'prototype-keys':
        return text(this.#prototypeKeys(frame));
      case 'lone-surrogate':
        return text(this.#replaceString(frame, (s) => this.#insert(s, prng.pick(LONE_SURROGATES))));
      case 'invalid-utf8':
        return {
          kind: 'broken-utf8',
          text: writeJson(frame),
          at: prng.next(),
          bytes: prng.pick(INVALID_UTF8),
        };
      case 'binary':
        return { kind: 'binary', bytes: this.#binary(frame) };
      case 'fragmented': {
        const inner = prng.chance(0.5) ? frame : this.#replaceField(frame, () => this.#otherType());
        const cuts = Array.from({ length: prng.int(1, 7) }, () => prng.next()).sort((a, b) => a - b);
        return { kind: 'fragments', text: writeJson(inner), cuts, pings: prng.chance(0.5) };
      }
      case 'oversized':
        return this.#sized(MAX_FRAME_BYTES + prng.int(1, 4096));
      case 'at-limit':
        return this.#sized(MAX_FRAME_BYTES);
      case 'empty':
        return prng.chance(0.2)
          ? { kind: 'binary', bytes: new Uint8Array(0) }
          : {
              kind: 'text',
              text: prng.pick(['', ' ', '\n', '{}', '[]', 'null', '""', '0', 'true', '{"t":""}']),
            };
      case 'long-string':
        return text(this.#replaceString(frame, () => this.#longString()));
      case 'junk':
        return { kind: 'text', text: this.#junk(frame) };
      case 'valid':
        return text(frame);
      case 'flood':
        return { kind: 'flood', texts: this.#flood() };
      case 'ws-violation':
        return { kind: 'ws-violation', violation: wsViolation(prng) };
    }
  }

  /** Replaces one field (or one element of an array field) with `value()`. */
  #replaceField(frame: FrameObject, value: () => FuzzValue): FrameObject {
    const prng = this.#prng;
    const keys = Object.keys(frame).filter((k) => k !== 't' || prng.chance(0.15));
    const key = prng.pick(keys.length > 0 ? keys : ['t']);
    const current = frame[key];
    if (Array.isArray(current) && current.length > 0 && prng.chance(0.5)) {
      current[prng.int(0, current.length - 1)] = value();
    } else frame[key] = value();
    return frame;
  }

  /** Applies `change` to one string field (an element of ghostIds counts); adds an `id` if none. */
  #replaceString(frame: FrameObject, change: (s: string) => string): FrameObject {
    const prng = this.#prng;
    const strings = Object.keys(frame).filter((k) => typeof frame[k] === 'string' || Array.isArray(frame[k]));
    const keys = strings.filter((k) => k !== 't' || prng.chance(0.1));
    const key = keys.length > 0 ? prng.pick(keys) : undefined;
    const value = key === undefined ? undefined : frame[key];
    if (key === undefined || value === undefined) frame.id = change('');
    else if (Array.isArray(value)) value.push(change(String(value[0] ?? '')));
    else frame[key] = change(String(value));
    return frame;
  }

  #otherType(): FuzzValue {
    return copyValue(this.#prng.pick(ANY_TYPE_VALUES));
  }

  #insert(s: string, piece: string): string {
    const at = this.#prng.int(0, s.length);
    return this.#prng.chance(0.3) ? piece : s.slice(0, at) + piece + s.slice(at);
  }

  #deep(frame: FrameObject): FuzzValue {
    const prng = this.#prng;
    const depth = prng.pick(NESTING_DEPTHS);
    const kind = prng.chance(0.5) ? 'array' : 'object';
    const key = prng.chance(0.3) ? prng.pick(PROTOTYPE_KEYS) : 'a';
    // A nest that cannot fit the frame limit is cut to fit (an oversized frame is its own category).
    const perLevel = kind === 'array' ? 2 : key.length + 4;
    const nest = deepNesting(Math.min(depth, Math.floor((MAX_FRAME_BYTES - 2048) / perLevel)), kind, key);
    if (prng.chance(0.2)) return nest; // the whole frame
    return this.#replaceField(frame, () => nest);
  }

  #prototypeKeys(frame: FrameObject): FrameObject {
    const prng = this.#prng;
    const payloads: FuzzValue[] = [{ t: 'auth' }, { isAdmin: true }, null, 'x', [], { polluted: 1 }];
    switch (prng.int(0, 4)) {
      case 0:
        setKey(frame, prng.pick(PROTOTYPE_KEYS), copyValue(prng.pick(payloads)));
        return frame;
      case 1:
        frame.t = prng.pick(PROTOTYPE_NAMES);
        return frame;
      case 2:
        return this.#replaceString(frame, () => prng.pick(PROTOTYPE_NAMES));
      case 3: {
        // Every level: {"__proto__":{"constructor":{"prototype":…}}}, at a field or at the top.
        let nest: FuzzValue = copyValue(prng.pick(payloads));
        for (let level = 0; level < prng.int(1, 6); level++) {
          const wrapper: FrameObject = {};
          setKey(wrapper, prng.pick(PROTOTYPE_KEYS), nest);
          nest = wrapper;
        }
        return this.#replaceField(frame, () => nest);
      }
      default:
        for (const key of PROTOTYPE_KEYS) setKey(frame, key, copyValue(prng.pick(payloads)));
        return frame;
    }
  }

  #binary(frame: FrameObject): Uint8Array {
    const prng = this.#prng;
    if (prng.chance(0.4)) return new TextEncoder().encode(writeJson(frame)); // a good frame, as binary
    return prng.bytes(prng.int(1, 512));
  }

  /** A frame of exactly `bytes` bytes: a padded ping, as text or binary, possibly fragmented. */
  #sized(bytes: number): Payload {
    const prng = this.#prng;
    const text = writeJson({ t: 'ping', id: `s${prng.int(0, 1e6)}` });
    const roll = prng.int(0, 2);
    if (roll === 0) return { kind: 'text', text, padTo: bytes };
    if (roll === 1) return { kind: 'binary', bytes: new Uint8Array(bytes).fill(0x41) };
    const cuts = Array.from({ length: prng.int(1, 5) }, () => prng.next()).sort((a, b) => a - b);
    return { kind: 'fragments', text, cuts, pings: prng.chance(0.5), padTo: bytes };
  }

  #longString(): string {
    const prng = this.#prng;
    const length = prng.int(...LONG_STRING_CHARS);
    if (prng.chance(0.6)) return 'A'.repeat(length);
    // Multi-byte, astral and control characters: the byte length is up to 4× the string's.
    const alphabet = ['a', 'é', '€', '𝄞', '\u0000', '\u001f', '"', '\\', '\u2028', '\ufeff'];
    let out = '';
    while (out.length < length / 4) out += prng.pick(alphabet);
    return out;
  }

  #junk(frame: FrameObject): string {
    const prng = this.#prng;
    const good = writeJson(frame);
    switch (prng.int(0, 7)) {
      case 0:
        return good.slice(0, prng.int(0, good.length - 1)); // truncated
      case 1:
        return `${good}${prng.pick(['x', '}', ',', ' {}', '\u0000'])}`; // trailing garbage
      case 2:
        return `\ufeff${good}`; // byte-order mark
      case 3:
        return good.replace('{', `{"t":"${prng.pick(FRAME_TYPES)}",`); // duplicate keys
      case 4:
        return prng.string(prng.int(1, 200), '{}[]":,0123456789.-+eEtrufalsn \\/u');
      case 5:
        return String.fromCharCode(...Array.from({ length: prng.int(1, 64) }, () => prng.int(1, 0xd7ff)));
      case 6:
        return prng.pick([
          '{"t":',
          '{"t":"ping"',
          '{"t":"ping",}',
          "{'t':'ping'}",
          '{t:"ping"}',
          'NaN',
          '1e999',
        ]);
      default:
        return JSON.stringify(good); // a frame as a JSON string
    }
  }

  #flood(): string[] {
    const prng = this.#prng;
    const count = prng.int(...FLOOD_FRAMES);
    const ids = ['9999999999999999', '1.5', '-0', '"\\u0000"', '"\\ud800"', '1e2', `"${'z'.repeat(64)}"`];
    return Array.from({ length: count }, (_, i) => {
      if (prng.chance(0.1)) return `{"t":"ping","id":${prng.pick(ids)}}`;
      if (prng.chance(0.05)) return `{"t":"ping","x":{"id":${i}}}`;
      return `{"t":"ping","id":${i}}`;
    });
  }
}
