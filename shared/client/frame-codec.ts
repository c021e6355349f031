/**
 * Reading and writing frames: every frame received is parsed with the `ServerFrame` schemas before
 * any use (STYLE.md §6); frames sent are plain JSON of the `ClientFrame` types.
 */
import * as v from 'valibot';
import type { ClientFrame } from '../protocol/client-frames.ts';
import { ServerFrame } from '../protocol/server-frames.ts';

export type FrameParseResult = { ok: true; frame: ServerFrame } | { ok: false; reason: string };

/** Parses one received message. Never throws; the reason names no frame content. */
export function parseServerFrame(data: unknown): FrameParseResult {
  if (typeof data !== 'string') return { ok: false, reason: 'frame is not text' };
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return { ok: false, reason: 'frame is not JSON' };
  }
  const parsed = v.safeParse(ServerFrame, raw);
  if (!parsed.success) {
    const t = typeof raw === 'object' && raw && 't' in raw ? String((raw as { t: unknown }).t) : '?';
    return { ok: false, reason: `invalid "${t.slice(0, 16)}" frame` };
  }
  return { ok: true, frame: parsed.output };
}

/** A reply's payload: the frame without its envelope (`t`, and the echoed request `id`). */
export function stripEnvelope<F extends { t: string; id?: unknown }>(frame: F): Omit<F, 't' | 'id'> {
  const { t: _t, id: _id, ...payload } = frame;
  return payload;
}

/** Serializes a frame to send. */
export function encodeClientFrame(frame: ClientFrame): string {
  return JSON.stringify(frame);
}
