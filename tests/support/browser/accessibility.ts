/**
 * Accessibility checks in the real browser (issue #13): axe-core injected into an extension page
 * through puppeteer, run on the whole document; serious and critical violations fail the test with
 * each rule, its help text and the elements it names. Also the one computed-style probe the
 * redesign relies on: the body text size a person actually sees.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core on `page` and returns its serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated, not added as a <script>: an extension page's CSP refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(context: Document): Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => String(n.target[0])),
      }));
  });
}

/** Throws, naming every rule and element, when `page` has serious or critical violations. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  if (violations.length === 0) return;
  const lines = violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
  throw new Error(`${screen}: ${violations.length} serious accessibility violation(s)\n${lines.join('\n')}`);
}

/** The computed font size of the body text, in CSS pixels. */
export function bodyFontSizePx(page: Page): Promise<number> {
  return page.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));
}
