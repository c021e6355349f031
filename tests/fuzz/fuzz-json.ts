/**
 * JSON the fuzzer can write and `JSON.stringify` cannot: number literals no JS number prints
 * (`1e999`, `-0`, `9007199254740993`), nesting deeper than a recursive serializer survives, and
 * `__proto__` as an ordinary key. A `RawJson` value is written as its text, verbatim.
 */

export class RawJson {
  constructor(readonly text: string) {}
}

/** A JSON value tree whose leaves may be `RawJson`. Objects are plain, keys are own properties. */
export type FuzzValue =
  | null
  | boolean
  | number
  | string
  | RawJson
  | FuzzValue[]
  | { [key: string]: FuzzValue };

/** Serializes `value`; keys named `__proto__` are written like any other (set them with `setKey`). */
export function writeJson(value: FuzzValue): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts = Object.keys(value).map((k) => `${JSON.stringify(k)}:${writeJson(value[k]!)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Sets `key` as an own property, even `__proto__` (plain assignment would set the prototype). */
export function setKey(object: { [key: string]: FuzzValue }, key: string, value: FuzzValue): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy (frames are mutated in place). */
export function copyValue(value: FuzzValue): FuzzValue {
  if (value instanceof RawJson || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyValue);
  const out: { [key: string]: FuzzValue } = {};
  for (const key of Object.keys(value)) setKey(out, key, copyValue(value[key]!));
  return out;
}

/** `depth` nested arrays or objects (`{"key":{"key":…}}`), as raw text: no recursion anywhere. */
export function deepNesting(depth: number, kind: 'array' | 'object', key = 'a'): RawJson {
  if (kind === 'array') return new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
  const open = `{${JSON.stringify(key)}:`;
  return new RawJson(`${open.repeat(depth)}null${'}'.repeat(depth)}`);
}

/** Number literals at the edges: overflow to Infinity, negative zero, beyond 2^53, underflow. */
export const EDGE_NUMBERS: readonly RawJson[] = [
  '1e308',
  '-1e308',
  '1e999',
  '-1e999',
  '-0',
  '0.0',
  '9007199254740993',
  '-9007199254740993',
  '9999999999999999',
  '123456789012345678901234567890',
  '5e-324',
  '1e-400',
  '0.5',
  '-1',
  '4294967296',
].map((text) => new RawJson(text));

/** Strings that name numbers no JSON number can carry. */
export const NUMBER_STRINGS: readonly string[] = ['NaN', 'Infinity', '-Infinity', '-0', '1e308', '0x10', ''];

/** Values of every JSON type, to put where another type belongs. */
export const ANY_TYPE_VALUES: readonly FuzzValue[] = [
  0,
  1,
  -1,
  1.5,
  true,
  false,
  null,
  '',
  'x',
  'AAAA',
  [],
  [1, 2],
  ['AAAA'],
  {},
  { a: 1 },
  { t: 'ping' },
  'Z'.repeat(300), // a string where another type belongs: is it echoed back?
  Array.from({ length: 40 }, () => 'A'),
];

export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Names that exist on every object's prototype chain: a lookup table keyed by them misbehaves. */
export const PROTOTYPE_NAMES: readonly string[] = [
  ...PROTOTYPE_KEYS,
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
];

/** Lone and reversed surrogates (JSON-escaped on the wire, so the frame is still valid UTF-8). */
export const LONE_SURROGATES: readonly string[] = [
  '\ud800',
  '\udfff',
  '\udbff\u0041',
  '\udc00\ud800',
  'a\ud83d',
];

/** Byte sequences that are not UTF-8: a text frame holding one must close with 1007. */
export const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0x80], // overlong NUL
  [0x80], // lone continuation byte
  [0xe2, 0x82], // truncated three-byte sequence
  [0xed, 0xa0, 0x80], // a surrogate encoded in UTF-8
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf8, 0x88, 0x80, 0x80, 0x80], // five-byte form
];
