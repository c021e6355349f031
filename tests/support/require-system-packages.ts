/**
 * vitest globalSetup of the root config, so it runs before any test of either project, for
 * `npm test` and `npx vitest run` alike: installs missing Debian packages when root, else prints
 * the one line naming the command and stops the run (system-packages.ts). The projects inherit
 * the root's globalSetup, so vitest calls this once per project too: the check runs only once.
 */
import { ensureSystemPackages } from './system-packages.ts';

const CHECKED = Symbol.for('anoghost.systemPackagesChecked');

export default async function requireSystemPackages(): Promise<void> {
  const run = globalThis as { [CHECKED]?: boolean };
  if (run[CHECKED]) return;
  run[CHECKED] = true;
  const result = await ensureSystemPackages({ log: (line) => console.log(line) });
  if (result.ok) return;
  process.stderr.write(`${result.line}\n`);
  process.exit(1);
}
