/**
 * `npm run fuzz -- [--frames N] [--seed N] [--concurrency N] [--default-limits]`: the large
 * protocol fuzz run against a server in its own process. Prints frames by category, closes by
 * code, server RSS at the start and end, the healthy pair's worst and p99 round trip, and every
 * violation; exits 1 when there was any.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CATEGORY_WEIGHTS } from './frame-generator.ts';
import { randomSeed, runFuzz } from './fuzz-run.ts';
import { readRss, startFuzzServer } from './fuzz-server.ts';
import type { FuzzStats } from './fuzz-stats.ts';

const MIB = 1024 * 1024;
const PROGRESS_EVERY_MS = 30_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      frames: { type: 'string', default: '100000' },
      seed: { type: 'string' },
      concurrency: { type: 'string', default: '48' },
      'default-limits': { type: 'boolean', default: false },
      floods: { type: 'string' },
    },
  });
  const frames = positive('--frames', values.frames);
  const seed = values.seed === undefined ? randomSeed() : positive('--seed', values.seed, 0);
  const concurrency = positive('--concurrency', values.concurrency);
  const defaultLimits = values['default-limits'];
  const weights =
    values.floods === undefined
      ? undefined
      : { ...CATEGORY_WEIGHTS, flood: positive('--floods', values.floods, 0) };
  const server = await startFuzzServer(defaultLimits ? 'default' : 'raised');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void server.stop().then(() => process.exit(130)));
  }
  console.log(
    `fuzzing ${server.url} (pid ${server.pid}, ${defaultLimits ? 'default' : 'raised'} limits): ` +
      `${frames} frames, seed ${seed}, ${concurrency} connections`,
  );
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const rssStart = server.rss();
  let rssPeak = rssStart;
  let lastProgress = 0;
  let printed = 0;
  const progress = (stats: FuzzStats) => {
    rssPeak = Math.max(rssPeak, readRss(server.pid));
    for (const v of stats.violations.slice(printed)) console.log(`  violation: ${v}`);
    printed = stats.violations.length;
    if (Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = Date.now();
    console.log(
      `  ${stats.frames} frames, ${stats.connections} connections, ${stats.violationCount} violations, ` +
        `server RSS ${mib(readRss(server.pid))} MiB`,
    );
  };
  let report: Awaited<ReturnType<typeof runFuzz>>;
  let problems: string[];
  let rssEnd: number;
  try {
    report = await runFuzz({
      target: server,
      frames,
      seed,
      concurrency,
      defaultLimits,
      weights,
      alive: () => server.alive(),
      onProgress: progress,
    });
    rssEnd = server.rss();
    problems = server.logProblems(report.wallets);
  } finally {
    await server.stop();
  }
  printReport(report, { rssStart, rssEnd, rssPeak }, problems);
  console.log(
    `fuzzer event-loop delay: p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`,
  );
  if (report.stats.violationCount > 0 || problems.length > 0) process.exitCode = 1;
}

function printReport(
  report: Awaited<ReturnType<typeof runFuzz>>,
  rss: { rssStart: number; rssEnd: number; rssPeak: number },
  logProblems: string[],
): void {
  const { stats, healthy } = report;
  const seconds = report.durationMs / 1000;
  console.log(
    `\n${stats.frames} frames in ${seconds.toFixed(0)} s (${Math.round(stats.frames / seconds)}/s), seed ${report.seed}`,
  );
  console.log('\nframes by category');
  console.table(
    Object.fromEntries(Object.entries(stats.framesByCategory).map(([k, n]) => [k, { frames: n }])),
  );
  console.log('frames by phase', stats.framesByPhase);
  console.log('\ncloses by code (phase of the connection)');
  console.table(Object.fromEntries([...stats.closes].sort().map(([k, n]) => [k, { closes: n }])));
  console.log('error replies by code', Object.fromEntries(stats.errorCodes));
  if (stats.refusedUpgrades.size > 0)
    console.log('refused upgrades by status', Object.fromEntries(stats.refusedUpgrades));
  console.log(
    `\nconnections ${stats.connections}, sign-ins ${stats.signIns}, replies ${stats.replies}, ` +
      `health checks ${report.healthChecks}`,
  );
  console.log(
    `server RSS: start ${mib(rss.rssStart)} MiB, end ${mib(rss.rssEnd)} MiB, peak ${mib(rss.rssPeak)} MiB`,
  );
  console.log(
    `healthy pair: ${healthy.messages} messages, ${healthy.missing} missing; round trip median ` +
      `${healthy.medianMs} ms, p99 ${healthy.p99Ms} ms, worst ${healthy.worstMs} ms ` +
      '(the fuzzer, the pair and the server share the cores)',
  );
  console.log(`\nviolations: ${stats.violationCount}`);
  for (const v of stats.violations) console.log(`  - ${v}`);
  if (logProblems.length > 0) {
    console.log(`server log lines at error level: ${logProblems.length}`);
    for (const line of logProblems.slice(0, 20)) console.log(`  ${line}`);
  }
}

function positive(flag: string, value: string | undefined, min = 1): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw new Error(`${flag} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

const mib = (bytes: number) => (bytes / MIB).toFixed(1);

await main();
