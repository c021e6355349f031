/** What a fuzz run counts, and the violations it found (kept up to a cap, all counted). */
import { CATEGORIES, type Category, type FuzzFrame, frameCount, type Phase } from './frame-generator.ts';

const KEPT_VIOLATIONS = 50;

export class FuzzStats {
  readonly framesByCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  readonly framesByPhase: Record<Phase, number> = { before: 0, during: 0, after: 0 };
  /** Close codes the server sent, by the phase the connection was in (`before 4401`, `after 4400`). */
  readonly closes = new Map<string, number>();
  readonly errorCodes = new Map<string, number>();
  readonly refusedUpgrades = new Map<number, number>();
  readonly violations: string[] = [];
  violationCount = 0;
  frames = 0;
  replies = 0;
  connections = 0;
  signIns = 0;

  countFrame(frame: FuzzFrame): void {
    const n = frameCount(frame.payload);
    this.frames += n;
    this.framesByCategory[frame.category] += n;
    this.framesByPhase[frame.phase] += n;
  }

  countClose(phase: 'before' | 'after', code: number): void {
    increment(this.closes, `${phase} ${code}`);
  }

  countError(code: string): void {
    increment(this.errorCodes, code);
  }

  countRefusedUpgrade(status: number): void {
    increment(this.refusedUpgrades, status);
  }

  violation(what: string): void {
    this.violationCount += 1;
    if (this.violations.length < KEPT_VIOLATIONS) this.violations.push(what);
  }
}

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
