/**
 * Turns raw frame text into a typed client frame, or a `bad_request` description that keeps the
 * request id when one can be recovered (PROTOCOL.md: "every reply to it echoes it").
 */
import * as v from 'valibot';
import { ClientFrame } from './client-frames.ts';
import { RequestId } from './fields.ts';
import { describeIssue } from './issue-message.ts';

export type ParsedFrame =
  | { ok: true; frame: ClientFrame }
  | { ok: false; message: string; id?: RequestId | undefined };

/** Parses one text frame sent by a client. Never throws. */
export function parseClientFrame(text: string): ParsedFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: 'frame is not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, message: 'frame must be a JSON object' };
  }
  const result = v.safeParse(ClientFrame, raw);
  if (result.success) return { ok: true, frame: result.output };
  const rawId = (raw as { id?: unknown }).id;
  const id = v.is(RequestId, rawId) ? rawId : undefined;
  return { ok: false, message: describeFrameIssue(result.issues[0]), id };
}

function describeFrameIssue(issue: v.BaseIssue<unknown> | undefined): string {
  if (!issue) return 'frame is invalid';
  const path = issue.path?.map((p) => String(p.key)).join('.');
  if (issue.kind === 'schema' && path === 't') return 'unknown frame type';
  if (issue.type === 'variant' && !path) return 'unknown frame type';
  return describeIssue(issue);
}
