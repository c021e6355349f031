/**
 * Times as the panel shows them: clock times without seconds ("14:05"), day names for separators
 * ("Today", "Yesterday", "Mon 1 Dec"), and a remaining lifetime in its largest unit ("5 h left").
 */

/** "14:05" in the person's locale, never with seconds. */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** A key that is the same for two times on the same local day. */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** "Today", "Yesterday", or the date, for the day `ms` falls on (as seen at `now`). */
export function formatDay(ms: number, now: number): string {
  if (dayKey(ms) === dayKey(now)) return 'Today';
  if (dayKey(ms) === dayKey(now - 86_400_000)) return 'Yesterday';
  return new Date(ms).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' });
}

/** "today 14:05" style for the chat list: the clock today, else the day. */
export function formatWhen(ms: number, now: number): string {
  return dayKey(ms) === dayKey(now) ? formatClock(ms) : formatDay(ms, now);
}

/** What is left of a lifetime, in its largest unit: "6 d left", "5 h left", "12 min left", "40 s left". */
export function formatLeft(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d left`;
  if (s >= 3_600) return `${Math.floor(s / 3_600)} h left`;
  if (s >= 60) return `${Math.floor(s / 60)} min left`;
  return `${s} s left`;
}
