/** Free rooms over the raw protocol (PROTOCOL.md §3): fresh room ids and bundles, and a join. */
import { randomBytes } from 'node:crypto';
import { encodeB64u } from '../../shared/encoding.ts';
import type { FrameClient } from './frame-client.ts';

export const newRoomId = () => encodeB64u(randomBytes(32));
/** Random bytes standing in for a member bundle (66 bytes, the size of a real one). */
export const newBundle = (bytes = 66) => encodeB64u(randomBytes(bytes));

/** Sends a free-room join (`extra` adds or overrides fields) and waits for its reply (joined or error). */
export function joinRoom(client: FrameClient, room: string, extra: Record<string, unknown> = {}) {
  return client.request({ t: 'join', room, bundle: newBundle(), ...extra }, 8000);
}
