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

const DATE_TIME: Intl.DateTimeFormatOptions = {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};

/** A moment as a person reads it, without seconds: "Dec 2, 14:05" (the browser's locale). */
export function formatMoment(ms: number): string {
  return new Date(ms).toLocaleString(undefined, DATE_TIME);
}

/** A time of day without seconds: "14:05". */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
