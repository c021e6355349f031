/**
 * One titled assertion for byte inputs (after noble-ciphers' `abytes`, STYLE.md §6): every key,
 * seed and secret an exported crypto function takes goes through it, so a wrong input fails at
 * the boundary with a message that names the parameter, never deep inside a primitive.
 * It imports nothing, so `shared/e2e/` can use it without reaching for `@noble/*`.
 */

/**
 * Returns `value` when it is a `Uint8Array` (of exactly `length` bytes, when given); otherwise
 * throws an error naming `title`, e.g. `"seed" expected Uint8Array of length 32, got length=31`.
 *
 * The rule, as in noble: a value that is not a byte array throws a `TypeError` (its type in the
 * message: `got type=string`, `got type=Uint16Array`); a byte array of the wrong length throws a
 * `RangeError`. Node's `Buffer` and a `Uint8Array` from another realm count as byte arrays.
 * Call sites read `const key = abytes(input, AEAD_KEY_LENGTH, 'key')`.
 */
export function abytes(value: unknown, length?: number, title = ''): Uint8Array {
  if (isBytes(value) && (length === undefined || value.length === length)) return value;
  const prefix = title ? `"${title}" ` : '';
  const expected = `${prefix}expected Uint8Array${length === undefined ? '' : ` of length ${length}`}`;
  if (!isBytes(value)) throw new TypeError(`${expected}, got type=${describeType(value)}`);
  throw new RangeError(`${expected}, got length=${value.length}`);
}

/** True for a `Uint8Array`, including a `Buffer` or one from another realm (a DataView is not). */
function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) &&
      value.constructor?.name === 'Uint8Array' &&
      (value as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT === 1)
  );
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Array.isArray(value) ? 'Array' : (value.constructor?.name ?? 'object');
}
