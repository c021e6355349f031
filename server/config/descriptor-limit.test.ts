import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.ts';
import { parseOpenFilesLimit, readDescriptorLimit, socketBudget } from './descriptor-limit.ts';

const PROC_LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 1048576              files
Max locked memory         8388608              8388608              bytes
`;

describe('readDescriptorLimit', () => {
  it('reads the soft "Max open files" limit', () => {
    expect(parseOpenFilesLimit(PROC_LIMITS)).toBe(1024);
    expect(parseOpenFilesLimit(PROC_LIMITS.replace('1024 ', 'unlimited '))).toBeUndefined();
    expect(() => parseOpenFilesLimit('Limit Soft Hard\n')).toThrow();
  });

  it("matches this process's ulimit -n", async () => {
    const { execFileSync } = await import('node:child_process');
    const shell = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    expect(String(readDescriptorLimit() ?? 'unlimited')).toBe(shell);
  });
});

describe('socketBudget', () => {
  const cases: Array<[number, number, { webSockets: number; sockets: number }]> = [
    [1024, 50_000, { webSockets: 908, sockets: 960 }], // the red team's ulimit
    [20_000, 50_000, { webSockets: 19_744, sockets: 19_872 }], // this machine's benchmark shell
    [1_048_576, 50_000, { webSockets: 50_000, sockets: 50_128 }], // the configured maximum governs
    [256, 50_000, { webSockets: 160, sockets: 192 }],
    [1024, 100, { webSockets: 100, sockets: 152 }],
  ];
  for (const [limit, max, budget] of cases) {
    it(`leaves room below ulimit -n ${limit} with ANOGHOST_MAX_CONNECTIONS ${max}`, () => {
      const got = socketBudget(limit, max);
      expect(got).toEqual({ descriptorLimit: limit, ...budget });
      expect(got.sockets).toBeLessThanOrEqual(limit - 64);
      expect(got.sockets - got.webSockets).toBeGreaterThanOrEqual(32);
    });
  }

  it('uses the configured maximum alone when the limit is unlimited', () => {
    expect(socketBudget(undefined, 500)).toEqual({
      descriptorLimit: undefined,
      webSockets: 500,
      sockets: 628,
    });
  });

  it('refuses to start under a limit that leaves no room for one connection', () => {
    expect(() => socketBudget(96, 50_000)).toThrow(ConfigError);
    expect(() => socketBudget(96, 50_000)).toThrow(/ulimit -n: the open-files limit is 96; .* at least 97/);
    expect(socketBudget(97, 50_000).webSockets).toBe(1);
  });
});
