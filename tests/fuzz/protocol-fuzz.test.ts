/**
 * The protocol fuzzer's small runs (the large one is `npm run fuzz`): a real server in its own
 * process, seeded frames of every kind before and after sign-in, a healthy pair chatting
 * throughout. See fuzz-worker.ts for what each frame must get.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_WEIGHTS } from './frame-generator.ts';
import { type FuzzReport, runFuzz } from './fuzz-run.ts';
import { type FuzzServer, startFuzzServer } from './fuzz-server.ts';

const SEED = 20_261_201;
const RUN_TIMEOUT_MS = 180_000;

let server: FuzzServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function expectHealthy(report: FuzzReport, running: FuzzServer): void {
  expect(report.stats.violations).toEqual([]);
  expect(report.stats.violationCount).toBe(0);
  expect(running.alive()).toBe(true);
  expect(report.healthChecks).toBeGreaterThan(0);
  expect(report.healthy.messages).toBeGreaterThan(10);
  expect(report.healthy.missing).toBe(0);
  expect(running.logProblems(report.wallets)).toEqual([]);
}

describe('protocol fuzzing', () => {
  it(
    'survives 2,000 seeded frames of every kind with the limits raised, answering each as documented',
    async () => {
      server = await startFuzzServer('raised');
      const report = await runFuzz({
        target: server,
        frames: 2000,
        seed: SEED,
        concurrency: 16,
        defaultLimits: false,
      });
      expectHealthy(report, server);
      const { stats } = report;
      expect(stats.frames).toBeGreaterThanOrEqual(2000);
      for (const category of CATEGORIES.filter((c) => c !== 'flood')) {
        expect(stats.framesByCategory[category], category).toBeGreaterThan(0);
      }
      for (const close of ['before 4401', 'after 4400', 'after 1009', 'after 1007', 'after 1002']) {
        expect(stats.closes.get(close), close).toBeGreaterThan(0);
      }
      expect(stats.errorCodes.get('bad_request')).toBeGreaterThan(100);
      expect(stats.errorCodes.get('unauthorized')).toBeGreaterThan(0);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'holds the default frame rate against floods: rate_limited, then 4408, and the pair chats on',
    async () => {
      server = await startFuzzServer('default');
      const report = await runFuzz({
        target: server,
        frames: 3000,
        seed: SEED + 1,
        concurrency: 8,
        defaultLimits: true,
        weights: { ...CATEGORY_WEIGHTS, flood: 8 },
      });
      expectHealthy(report, server);
      expect(report.stats.framesByCategory.flood).toBeGreaterThan(1000);
      expect(report.stats.errorCodes.get('rate_limited')).toBeGreaterThan(0);
      expect(report.stats.closes.get('after 4408')).toBeGreaterThan(0);
    },
    RUN_TIMEOUT_MS,
  );
});
