/**
 * What the side panel asks the background about notifications (issue #13): show one for a message
 * that arrived while the panel was hidden or another room was open, and keep the action badge at
 * the panel's unread total. Rows of the page-requests table (page-requests.ts), so both ends
 * validate them. A notification carries no content unless the person allowed previews: then the
 * room's name as its title and the start of the message; otherwise only "New message".
 */
import * as v from 'valibot';

/** At most this many characters of a message go into a preview. */
export const PREVIEW_CHARS = 80;
const MAX_TITLE_CHARS = 64;
const MAX_UNREAD = 99_999;

export const NOTIFY_REQUESTS = {
  /** A message arrived in a room the person is not looking at; `title`/`text` only with previews on. */
  'notify-message': {
    request: v.object({
      type: v.literal('notify-message'),
      title: v.optional(v.pipe(v.string(), v.maxLength(MAX_TITLE_CHARS))),
      text: v.optional(v.pipe(v.string(), v.maxLength(MAX_TITLE_CHARS + 2 + PREVIEW_CHARS))),
    }),
    reply: v.null(),
  },
  /** The panel's unread messages over all its rooms (0 when everything is read or the panel closes). */
  'set-unread': {
    request: v.object({
      type: v.literal('set-unread'),
      count: v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(MAX_UNREAD)),
    }),
    reply: v.null(),
  },
} as const;
