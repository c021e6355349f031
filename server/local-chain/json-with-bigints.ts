/**
 * JSON output with exact 64-bit integers. Lamports, slots and `rentEpoch` (u64::MAX on real nodes)
 * exceed `Number.MAX_SAFE_INTEGER`; `@solana/kit` parses large integers exactly, so the server
 * writes bigints as bare JSON numbers instead of rounding them through `number`.
 */

const BIGINT_MARKER = '\u0000bigint:';
const BIGINT_MARKER_PATTERN = /"\\u0000bigint:(-?\d+)"/g;

/** `JSON.stringify` that writes `bigint` values as exact JSON numbers. */
export function stringifyJsonWithBigInts(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? `${BIGINT_MARKER}${item.toString()}` : item,
  );
  return text.replace(BIGINT_MARKER_PATTERN, '$1');
}
