/** Pages ask the background with `runtime.sendMessage`; replies are validated before use. */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { type PageRequest, Reply } from './runtime-messages.ts';

/** A request the background answered with an error, carrying its human message. */
export class BackgroundRequestError extends Error {
  override name = 'BackgroundRequestError';
}

/** Sends `request` and returns the reply's value parsed with `schema`. */
export async function askBackground<S extends v.GenericSchema>(
  request: PageRequest,
  schema: S,
): Promise<v.InferOutput<S>> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(request);
  } catch (error) {
    throw new BackgroundRequestError('The extension background is not answering. Try again.', {
      cause: error,
    });
  }
  const reply = v.safeParse(Reply, raw);
  if (!reply.success) throw new BackgroundRequestError('The extension background sent an unreadable reply.');
  if (!reply.output.ok) throw new BackgroundRequestError(reply.output.error);
  const value = v.safeParse(schema, reply.output.value);
  if (!value.success) throw new BackgroundRequestError('The extension background sent an unexpected reply.');
  return value.output;
}
