/** Polling for tests that wait on state they cannot subscribe to (server counters, health, UI). */

const POLL_EVERY_MS = 50;

/** Polls `condition` until it holds; rejects after `timeoutMs` with `what` in the message. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what: string | (() => string) = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
}
