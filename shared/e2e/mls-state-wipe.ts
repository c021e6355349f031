/**
 * Zeroing what an MLS state no longer needs (STYLE.md §8, docs/rooms-mls.md "Key retention").
 *
 * ts-mls states are immutable values: every operation returns a new state that shares most of its
 * arrays with the old one, plus a `consumed` list of secrets the old one used and the new one does
 * not keep. We zero `consumed` after every operation, as ts-mls asks. When an epoch ends we also
 * zero every array the retired states reach that the live state does not (old epoch secrets,
 * HPKE keys of replaced path nodes, secret trees dropped from retention, which ts-mls 1.6.4 does
 * not list as consumed), and `close()` zeroes everything a group holds.
 *
 * ts-mls decodes into views of one buffer, so an array counts as still live when it overlaps, by
 * bytes, any array the live state reaches, not only when it is the same object.
 */
import type { ClientState } from 'ts-mls';
import { wipe } from '../crypto/wipe.ts';

type Ranges = Map<ArrayBufferLike, [start: number, end: number][]>;

/** Zeroes the secrets ts-mls handed back as consumed. */
export function wipeConsumed(consumed: readonly Uint8Array[]): void {
  wipe(...consumed);
}

/** Zeroes every array the `retired` states reach that `live` (when given) does not. */
export function wipeRetiredStates(retired: readonly ClientState[], live?: ClientState): void {
  const keep = new Set<Uint8Array>();
  if (live) collectByteArrays(live, keep);
  const candidates = new Set<Uint8Array>();
  for (const state of retired) collectByteArrays(state, candidates);
  let ranges: Ranges | undefined;
  for (const array of candidates) {
    if (keep.has(array) || array.length === 0) continue;
    ranges ??= rangesOf(keep);
    if (!overlapsAny(array, ranges)) array.fill(0);
  }
}

/** Every byte array reachable from `root` through plain objects, arrays and maps. */
function collectByteArrays(root: ClientState, into: Set<Uint8Array>): void {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (value instanceof Uint8Array) {
      into.add(value);
      continue;
    }
    if (seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Map) {
      for (const [k, v] of value) stack.push(k, v);
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) if (key !== 'clientConfig') stack.push(item);
    }
    // Anything else (a CryptoKey, a function) holds no arrays of ours.
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function rangesOf(arrays: Set<Uint8Array>): Ranges {
  const ranges: Ranges = new Map();
  for (const array of arrays) {
    let list = ranges.get(array.buffer);
    if (!list) {
      list = [];
      ranges.set(array.buffer, list);
    }
    list.push([array.byteOffset, array.byteOffset + array.byteLength]);
  }
  return ranges;
}

function overlapsAny(array: Uint8Array, ranges: Ranges): boolean {
  const list = ranges.get(array.buffer);
  if (!list) return false;
  const start = array.byteOffset;
  const end = start + array.byteLength;
  return list.some(([s, e]) => s < end && start < e);
}
