/** Reads a JSON request body through a valibot schema (STYLE.md §6); `bad_request` otherwise. */
import type { Context } from 'hono';
import * as v from 'valibot';
import { describeIssue } from '../../shared/protocol/issue-message.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';

/** The body parsed by `schema`; throws `bad_request` naming the first problem. */
export async function readJsonBody<S extends v.GenericSchema>(
  c: Context,
  schema: S,
): Promise<v.InferOutput<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (error) {
    throw new ProtocolError('bad_request', 'body must be JSON', { cause: error });
  }
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) throw new ProtocolError('bad_request', describeIssue(parsed.issues[0]));
  return parsed.output;
}
