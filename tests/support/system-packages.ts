/**
 * The Debian packages the test suite needs (DESIGN.md "Testing": `npm test` on a fresh machine
 * installs what it needs before it runs anything): Chromium and Firefox ESR for the browser tests,
 * `redis-server` for the scale-out tests. Nothing missing: nothing runs (no apt call). Missing and
 * running as root: `apt-get update` + `apt-get install -y …`, output summarized. Missing otherwise:
 * one line naming the command to run. The vitest globalSetup (require-system-packages.ts) applies it.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const FIREFOX_PATH = '/usr/lib/firefox-esr/firefox-esr';

/** A package and how to tell it is installed: an executable file, or a command on PATH. */
export type SystemPackage = { name: string } & ({ file: string } | { command: string });

export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  { name: 'chromium', file: CHROMIUM_PATH },
  { name: 'firefox-esr', file: FIREFOX_PATH },
  { name: 'redis-server', command: 'redis-server' },
];

const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };
const OUTPUT_TAIL_LINES = 12; // of apt-get's output when it fails

/** What to do about the missing packages. */
export type Plan =
  | { action: 'none' }
  | { action: 'install'; packages: string[]; steps: string[][] }
  | { action: 'ask'; packages: string[]; line: string };

/** The plan for `missing` packages: nothing, the apt-get steps (as root), or the line to print. */
export function planSystemPackages(missing: readonly string[], isRoot: boolean): Plan {
  if (missing.length === 0) return { action: 'none' };
  const packages = [...missing];
  if (isRoot) return { action: 'install', packages, steps: aptSteps(packages) };
  return { action: 'ask', packages, line: askLine(packages, false) };
}

function aptSteps(packages: string[]): string[][] {
  return [
    ['update', '-q'],
    ['install', '-y', '-q', '--no-install-recommends', ...packages],
  ];
}

function askLine(packages: string[], isRoot: boolean): string {
  const apt = isRoot ? 'apt-get' : 'sudo apt-get';
  const command = `${apt} update && ${apt} install -y ${packages.join(' ')}`;
  return `The tests need the Debian packages ${packages.join(', ')}; install them with: ${command}`;
}

/** Whether `pkg` is installed, looking up commands on `path` (a PATH value). */
export function isInstalled(pkg: SystemPackage, path: string | undefined): boolean {
  if ('file' in pkg) return isExecutable(pkg.file);
  return (path ?? '').split(delimiter).some((dir) => dir !== '' && isExecutable(join(dir, pkg.command)));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs `apt-get` with `args`; resolves with its exit code (null: it could not run) and output. */
export type AptRunner = (
  args: string[],
  env: NodeJS.ProcessEnv,
) => Promise<{ code: number | null; output: string }>;

export const runAptGet: AptRunner = (args, env) =>
  new Promise((resolve) => {
    const child = spawn('apt-get', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += String(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error) => resolve({ code: null, output: `${output}${error.message}\n` }));
    child.once('close', (code) => resolve({ code, output }));
  });

export interface EnsureOptions {
  packages?: readonly SystemPackage[];
  env?: NodeJS.ProcessEnv;
  isRoot?: () => boolean;
  runApt?: AptRunner;
  /** Progress lines (the summary of what apt-get did). */
  log?: (line: string) => void;
}

export type EnsureResult = { ok: true; installed: string[] } | { ok: false; line: string };

/** Makes sure every package is installed (see the module header); never throws. */
export async function ensureSystemPackages(options: EnsureOptions = {}): Promise<EnsureResult> {
  const packages = options.packages ?? SYSTEM_PACKAGES;
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const missing = () => packages.filter((p) => !isInstalled(p, env.PATH)).map((p) => p.name);
  const plan = planSystemPackages(missing(), (options.isRoot ?? isRootUser)());
  if (plan.action === 'none') return { ok: true, installed: [] };
  if (plan.action === 'ask') return { ok: false, line: plan.line };

  const runApt = options.runApt ?? runAptGet;
  const started = Date.now();
  log(`Installing the Debian packages the tests need: ${plan.packages.join(', ')} (apt-get, as root)…`);
  for (const args of plan.steps) {
    const { code, output } = await runApt(args, { ...env, ...APT_ENV });
    if (code !== 0) {
      const tail = output.trimEnd().split('\n').slice(-OUTPUT_TAIL_LINES).join('\n');
      if (tail) log(tail);
      return { ok: false, line: `apt-get ${args[0]} failed (exit ${code}). ${askLine(plan.packages, true)}` };
    }
    const summary = output.split('\n').find((l) => /\d+ newly installed/.test(l));
    if (summary) log(`apt-get: ${summary.trim()}`);
  }
  const still = missing();
  if (still.length > 0) {
    return { ok: false, line: `apt-get did not provide ${still.join(', ')}. ${askLine(still, true)}` };
  }
  log(`Installed ${plan.packages.join(', ')} in ${Math.round((Date.now() - started) / 1000)} s.`);
  return { ok: true, installed: plan.packages };
}

function isRootUser(): boolean {
  return process.getuid?.() === 0;
}
