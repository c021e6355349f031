/** The healthy pair's own process (healthy-pair.ts `startHealthyPairProcess`), driven over IPC. */

import type { FuzzTarget } from './fuzz-worker.ts';
import { HealthyPair } from './healthy-pair.ts';

const KEPT_VIOLATIONS = 50;

process.once('disconnect', () => process.exit(1)); // the fuzzer is gone

process.once('message', (start: { t: 'start'; target: FuzzTarget; intervalMs: number }) => {
  const violations: string[] = [];
  const violation = (what: string) => {
    if (violations.length < KEPT_VIOLATIONS) violations.push(what);
  };
  HealthyPair.start(start.target, start.intervalMs, violation).then(
    (pair) => {
      process.send?.({ t: 'started', wallets: pair.wallets });
      process.once('message', (stop: { t: 'stop'; minMessages?: number }) => {
        void pair.stop(stop.minMessages ?? 0).then((report) => {
          process.send?.({ t: 'stopped', report, violations }, () => process.exit(0));
        });
      });
    },
    (error: unknown) => {
      process.send?.({ t: 'failed', error: String(error) }, () => process.exit(1));
    },
  );
});
