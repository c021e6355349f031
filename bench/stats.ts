/** Small statistics shared by the benchmarks, and the order of their interleaved rounds. */

/** The middle value (upper middle for an even count); NaN for none. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Round r visits the items starting at r, so no setup always runs first or last. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  return items.map((_, i) => items[(i + round) % items.length]!);
}
