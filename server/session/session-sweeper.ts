/**
 * Closes sessions that went silent (90 s, PROTOCOL.md §2) or whose sign-in expired. One interval
 * for all sessions instead of a timer each.
 */
import { CLOSE_CODES } from '../../shared/protocol/error-codes.ts';
import type { SessionRegistry } from './session-registry.ts';

export function startSweeper(registry: SessionRegistry, idleMs: number, now: () => number): () => void {
  const interval = setInterval(
    () => {
      const at = now();
      for (const session of registry.readySessions()) {
        if (at - session.lastSeen >= idleMs) session.close(CLOSE_CODES.idle, 'idle');
        else if (at >= session.authExpiresAt) {
          session.sendError('unauthorized', 'the sign-in has expired: sign in again', undefined);
          session.close(CLOSE_CODES.unauthorized, 'sign-in expired');
        }
      }
    },
    Math.min(1000, Math.max(50, Math.floor(idleMs / 10))),
  );
  interval.unref();
  return () => clearInterval(interval);
}
