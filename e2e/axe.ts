import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core from npm, injected into the page as the browser would load any script.
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export type Violation = { id: string; impact: string | null; nodes: { target: string[]; summary: string }[] };

/**
 * The serious and critical axe-core violations on the page as it is now, or inside the
 * element `within` selects. Runs once the screen has settled: a dialog fades in, and judged
 * mid-animation its colours are still translucent (endless animations, a spinner, are not
 * waited for).
 */
export async function seriousViolations(page: Page, within?: string): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  return page.evaluate(async (selector) => {
    type AxeResult = {
      violations: { id: string; impact: string | null; nodes: { target: unknown[]; failureSummary?: string }[] }[];
    };
    const axe = (window as unknown as { axe: { run(ctx: Element | Document, opts: object): Promise<AxeResult> } }).axe;
    const context = selector === null ? document : document.querySelector(selector);
    if (!context) throw new Error(`nothing on the page matches ${selector}`);
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String), summary: n.failureSummary ?? '' })),
      }));
  }, within ?? null);
}
