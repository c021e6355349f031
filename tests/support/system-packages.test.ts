import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AptRunner,
  ensureSystemPackages,
  isInstalled,
  planSystemPackages,
  SYSTEM_PACKAGES,
  type SystemPackage,
} from './system-packages.ts';

describe('planSystemPackages', () => {
  it('does nothing when nothing is missing', () => {
    expect(planSystemPackages([], true)).toEqual({ action: 'none' });
    expect(planSystemPackages([], false)).toEqual({ action: 'none' });
  });

  it('installs the missing packages with apt-get when root', () => {
    expect(planSystemPackages(['chromium', 'redis-server'], true)).toEqual({
      action: 'install',
      packages: ['chromium', 'redis-server'],
      steps: [
        ['update', '-q'],
        ['install', '-y', '-q', '--no-install-recommends', 'chromium', 'redis-server'],
      ],
    });
  });

  it('names the exact command in one line otherwise', () => {
    const plan = planSystemPackages(['firefox-esr'], false);
    expect(plan).toMatchObject({ action: 'ask', packages: ['firefox-esr'] });
    const line = (plan as { line: string }).line;
    expect(line).not.toContain('\n');
    expect(line).toContain('sudo apt-get update && sudo apt-get install -y firefox-esr');
  });
});

describe('the system-packages setup on a simulated machine', () => {
  let dir: string;
  let bin: string;
  let log: string;
  let packages: SystemPackage[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'anoghost-apt-'));
    bin = join(dir, 'bin');
    log = join(dir, 'apt-calls.log');
    mkdirSync(bin);
    // `chromium` stands for a package found by its file, `redis-server` for one found on PATH.
    packages = [
      { name: 'chromium', file: join(bin, 'chromium') },
      { name: 'redis-server', command: 'redis-server' },
    ];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A fake `apt-get` first on PATH: records each call; `install` creates what it names. */
  function installAptShim(behaviour: 'installs' | 'fails' | 'provides nothing'): void {
    const install =
      behaviour === 'installs'
        ? `for arg in "$@"; do case "$arg" in -*|install) ;; *) : > "${bin}/$arg"; /bin/chmod +x "${bin}/$arg";; esac; done
  echo "0 upgraded, 2 newly installed, 0 to remove and 0 not upgraded."`
        : behaviour === 'fails'
          ? 'echo "E: Unable to locate package redis-server"; exit 100'
          : 'echo "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded."';
    writeExecutable(
      join(bin, 'apt-get'),
      `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> "${log}"\nif [ "$1" = install ]; then\n  ${install}\nfi\n`,
    );
  }

  const aptCalls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  const env = () => ({ PATH: bin });

  it('installs what is missing when root, with the real apt-get path, then finds it all', async () => {
    installAptShim('installs');
    const lines: string[] = [];
    const result = await ensureSystemPackages({
      packages,
      env: env(),
      isRoot: () => true,
      log: (l) => lines.push(l),
    });
    expect(result).toEqual({ ok: true, installed: ['chromium', 'redis-server'] });
    expect(aptCalls()).toEqual([
      'noninteractive update -q',
      'noninteractive install -y -q --no-install-recommends chromium redis-server',
    ]);
    expect(lines.join('\n')).toContain('2 newly installed');
    expect(packages.every((p) => isInstalled(p, bin))).toBe(true);

    // Idempotent: a second run finds everything and calls apt-get no more.
    expect(await ensureSystemPackages({ packages, env: env(), isRoot: () => true })).toEqual({
      ok: true,
      installed: [],
    });
    expect(aptCalls()).toHaveLength(2);
  });

  it('asks in one line, and runs nothing, when not root', async () => {
    installAptShim('installs');
    const result = await ensureSystemPackages({ packages, env: env(), isRoot: () => false });
    expect(result.ok).toBe(false);
    const line = (result as { line: string }).line;
    expect(line).not.toContain('\n');
    expect(line).toContain('sudo apt-get update && sudo apt-get install -y chromium redis-server');
    expect(aptCalls()).toEqual([]);
  });

  it('reports a failing apt-get with the command to run, and shows the end of its output', async () => {
    installAptShim('fails');
    const lines: string[] = [];
    const result = await ensureSystemPackages({
      packages,
      env: env(),
      isRoot: () => true,
      log: (l) => lines.push(l),
    });
    expect(result).toEqual({
      ok: false,
      line: expect.stringContaining(
        'apt-get install failed (exit 100). The tests need the Debian packages chromium, redis-server',
      ),
    });
    expect(lines.join('\n')).toContain('E: Unable to locate package redis-server');
  });

  it('refuses when apt-get succeeds but the packages are still missing', async () => {
    installAptShim('provides nothing');
    const result = await ensureSystemPackages({ packages, env: env(), isRoot: () => true });
    expect(result).toEqual({
      ok: false,
      line: expect.stringContaining('apt-get did not provide chromium, redis-server.'),
    });
  });

  it('tells an executable from a plain file and searches every PATH entry', () => {
    writeFileSync(join(dir, 'chromium'), '');
    expect(isInstalled({ name: 'chromium', file: join(dir, 'chromium') }, '')).toBe(false);
    writeExecutable(join(dir, 'other', 'redis-server'), '#!/bin/sh\n');
    const redis = { name: 'redis-server', command: 'redis-server' };
    expect(isInstalled(redis, `${bin}:${join(dir, 'other')}`)).toBe(true);
    expect(isInstalled(redis, bin)).toBe(false);
    expect(isInstalled(redis, '')).toBe(false);
    expect(isInstalled(redis, undefined)).toBe(false);
  });
});

describe('this machine', () => {
  it('has every package the suite needs, so the setup calls no apt-get', async () => {
    const runApt: AptRunner = () => {
      throw new Error('apt-get must not run when everything is installed');
    };
    expect(await ensureSystemPackages({ runApt, isRoot: () => true })).toEqual({ ok: true, installed: [] });
    expect(SYSTEM_PACKAGES.map((p) => p.name)).toEqual(['chromium', 'firefox-esr', 'redis-server']);
  });
});

function writeExecutable(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}
