/**
 * The one human text for a schema issue, on the wire (`bad_request` frames) and in HTTP replies:
 * the field's path and what it expected, never the value received (valibot's default messages end
 * with `but received <the value>`, which would echo whatever the client put there, at any length).
 */
import type * as v from 'valibot';

/** `path: message` for one issue, without the received value. */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = issue.path?.map((p) => String(p.key)).join('.');
  const tail = ` but received ${issue.received}`;
  const message = issue.message.endsWith(tail) ? issue.message.slice(0, -tail.length) : issue.message;
  return path && !message.startsWith(path) ? `${path}: ${message}` : message;
}
