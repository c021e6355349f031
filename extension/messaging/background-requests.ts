/**
 * Pages ask the background with `runtime.sendMessage`; the reply is parsed with the schema its
 * request's row in `PAGE_REQUESTS` names, so each call's result is typed by its request alone.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import {
  type PageReply,
  type PageRequest,
  type PageRequestType,
  ReplyEnvelope,
  replySchemaOf,
} from './page-requests.ts';

/** A request the background answered with an error, carrying its human message. */
export class BackgroundRequestError extends Error {
  override name = 'BackgroundRequestError';
}

/** Sends `request` and returns the background's validated reply to it. */
export async function askBackground<T extends PageRequestType>(
  request: PageRequest<T> & { type: T },
): Promise<PageReply<T>> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(request);
  } catch (error) {
    throw new BackgroundRequestError('The extension background is not answering. Try again.', {
      cause: error,
    });
  }
  const reply = v.safeParse(ReplyEnvelope, raw);
  if (!reply.success) throw new BackgroundRequestError('The extension background sent an unreadable reply.');
  if (!reply.output.ok) throw new BackgroundRequestError(reply.output.error);
  const value = v.safeParse(replySchemaOf(request.type), reply.output.value);
  if (!value.success) throw new BackgroundRequestError('The extension background sent an unexpected reply.');
  return value.output;
}
