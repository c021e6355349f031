/**
 * Epoch boundaries (PROTOCOL.md §2): at each one, erase keys that left the window and push a new
 * ghost to every signed-in session. Pushes go out in slices so the event loop keeps serving
 * frames while tens of thousands of ghosts are sealed. With shared keys (Redis) the new epoch's
 * key is loaded first; while Redis is unreachable the push waits and retries, and sessions keep
 * their current ghostIds, which stay live for the whole window.
 */

import type { EpochKeyring } from '../ghost/epoch-keys.ts';
import { errorName, type Logger } from '../log/logger.ts';
import type { SessionRegistry } from './session-registry.ts';

const PUSH_SLICE = 1000; // sessions per event-loop turn
const BOUNDARY_SLACK_MS = 5; // fire just after the boundary so the clock reads the new epoch
const SHARED_KEY_RETRY_MS = 1000;

export interface RotationOptions {
  keyring: EpochKeyring;
  registry: SessionRegistry;
  logger: Logger;
  /** Called after every session got its ghost (benchmarks, tests). */
  onPushed?: (sessions: number, ms: number) => void;
}

/** Starts the boundary timer; returns a function that stops it. */
export function startRotation(options: RotationOptions): () => void {
  const { keyring, registry, logger } = options;
  const clock = keyring.clock;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    const next = clock.startOf(clock.epochAt() + 1);
    timer = setTimeout(onBoundary, Math.max(0, next - clock.now()) + BOUNDARY_SLACK_MS);
    timer.unref();
  };

  const onBoundary = () => {
    keyring.eraseExpired();
    const shared = keyring.shared;
    if (shared && keyring.missing([clock.epochAt()]).length > 0) {
      shared
        .load([clock.epochAt()])
        .then(push, () => {
          logger.warn('epoch key unavailable: ghost push postponed');
          if (!stopped) setTimeout(onBoundary, SHARED_KEY_RETRY_MS).unref();
        })
        .catch((error: unknown) => logger.error({ err: errorName(error) }, 'ghost push failed'));
      return;
    }
    push();
  };

  const push = () => {
    const started = performance.now();
    const sessions = registry.readySessions();
    const boundary = clock.startOf(clock.epochAt());
    let index = 0;
    const pushSlice = () => {
      if (stopped) return;
      const end = Math.min(index + PUSH_SLICE, sessions.length);
      for (; index < end; index++) sessions[index]?.pushBoundaryGhost(boundary);
      if (index < sessions.length) {
        setImmediate(pushSlice);
        return;
      }
      const ms = performance.now() - started;
      logger.info({ sessions: sessions.length, ms: Math.round(ms) }, 'epoch rotated');
      options.onPushed?.(sessions.length, ms);
    };
    pushSlice();
    schedule();
  };

  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
