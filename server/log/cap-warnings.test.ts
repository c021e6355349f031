import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CapWarnings } from './cap-warnings.ts';
import { createLogger } from './logger.ts';

const LIMITS = {
  'connections per address': 256,
  'pending sign-ins per address': 128,
  'sign-in rate per address': 50,
  connections: 900,
  sockets: 960,
};

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger('info', sink) };
}

afterEach(() => vi.useRealTimers());

describe('CapWarnings', () => {
  it('logs the first refusal at once and the rest of the interval in one line with the count', async () => {
    vi.useFakeTimers({ now: 0 });
    const { lines, logger } = capture();
    const warnings = new CapWarnings(logger, LIMITS, Date.now, 10_000);
    for (let i = 0; i < 5; i++) warnings.hit('connections per address');
    warnings.hit('connections');
    await vi.advanceTimersByTimeAsync(0);
    expect(lines.map((l) => [l.level, l.cap, l.limit, l.refused])).toEqual([
      ['warn', 'connections per address', 256, 1],
      ['warn', 'connections', 900, 1],
    ]);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(lines).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(lines.slice(2).map((l) => [l.cap, l.refused])).toEqual([['connections per address', 4]]);

    await vi.advanceTimersByTimeAsync(60_000); // quiet: nothing to report, no line
    expect(lines).toHaveLength(3);
    warnings.hit('connections per address'); // a new interval starts with a line at once
    await vi.advanceTimersByTimeAsync(0);
    expect(lines.slice(3).map((l) => [l.cap, l.refused])).toEqual([['connections per address', 1]]);
    warnings.stop();
  });

  it('stops its timers', async () => {
    vi.useFakeTimers({ now: 0 });
    const { lines, logger } = capture();
    const warnings = new CapWarnings(logger, LIMITS, Date.now, 10_000);
    warnings.hit('sockets');
    warnings.hit('sockets');
    warnings.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(lines).toHaveLength(1);
  });
});
