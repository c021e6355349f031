/** A lifetime in seconds as a person says it: "1-day", "2-hour", "30-second" (for "a … chat"). */
const UNITS: [number, string][] = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

export function formatLifetime(seconds: number): string {
  for (const [size, unit] of UNITS) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}-${unit}`;
  }
  return `${seconds}-second`;
}
