/**
 * Tables of invalid byte inputs (after noble-ciphers' "input validation" tests): every value that
 * is not a `Uint8Array`, and every length around the right one, for the crypto modules' tests to
 * feed to each key, seed and secret parameter. `abytes` (shared/crypto/bytes-assertions.ts) throws
 * a `TypeError` for the first and a `RangeError` for the second.
 */
import { expect } from 'vitest';

/** Values that are not byte arrays, each with a name for the test title. */
export const NOT_BYTES: readonly (readonly [name: string, value: unknown])[] = [
  ['undefined', undefined],
  ['null', null],
  ['a string', '00'.repeat(32)],
  ['a number', 32],
  ['a bigint', 32n],
  ['a boolean', true],
  ['a function', () => new Uint8Array(32)],
  ['a plain array of numbers', new Array<number>(32).fill(1)],
  ['an object with a length', { length: 32 }],
  ['an ArrayBuffer', new ArrayBuffer(32)],
  ['a DataView', new DataView(new ArrayBuffer(32))],
  ['a Uint16Array', new Uint16Array(32)],
  ['an Int8Array', new Int8Array(32)],
  ['a Uint8ClampedArray', new Uint8ClampedArray(32)],
  ['a Float64Array', new Float64Array(32)],
];

/** Byte lengths that are not `length`: empty, one short, one long, and a huge one. */
export function wrongLengths(length: number): number[] {
  return [...new Set([0, length - 1, length + 1, 1 << 20])].filter((n) => n >= 0 && n !== length);
}

/**
 * Checks that `call` refuses every entry of `NOT_BYTES` with a `TypeError` and every byte array of
 * a wrong length with a `RangeError`, each naming `title`; `call` may throw or return a rejection.
 */
export async function expectRefusesBadBytes(
  call: (value: Uint8Array) => unknown,
  length: number,
  title: string,
): Promise<void> {
  for (const [name, value] of NOT_BYTES) {
    const error = await thrownBy(() => call(value as Uint8Array));
    expect(error, `${title}: ${name}`).toBeInstanceOf(TypeError);
    expect((error as Error).message, `${title}: ${name}`).toContain(`"${title}"`);
  }
  for (const n of wrongLengths(length)) {
    const error = await thrownBy(() => call(new Uint8Array(n)));
    expect(error, `${title}: length ${n}`).toBeInstanceOf(RangeError);
    expect((error as Error).message, `${title}: length ${n}`).toContain(`"${title}" expected Uint8Array`);
  }
}

async function thrownBy(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}
