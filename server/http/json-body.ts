/** Reads a JSON request body through a valibot schema (STYLE.md §6), or the 400 reply to send. */
import type { Context } from 'hono';
import * as v from 'valibot';
import { replyError } from './http-error.ts';

export async function readJsonBody<S extends v.GenericSchema>(
  c: Context,
  schema: S,
): Promise<{ ok: true; value: v.InferOutput<S> } | { ok: false; reply: Response }> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return { ok: false, reply: replyError(c, 400, 'bad_request', 'body must be JSON') };
  }
  const parsed = v.safeParse(schema, body);
  if (!parsed.success)
    return { ok: false, reply: replyError(c, 400, 'bad_request', parsed.issues[0].message) };
  return { ok: true, value: parsed.output };
}
