/**
 * The totals `optimize` shows: only measured savings enter them ("not estimated" advice never
 * does), and how one estimate is written.
 *
 * @module
 */
import type { Estimate, Suggestion } from "./model.ts";
import { round1 } from "./measure.ts";

/**
 * Sum of the measured savings, in minutes per week (one decimal).
 *
 * @example
 * ```ts
 * measuredTotal(suggestions); // 41.3
 * ```
 */
export function measuredTotal(list: readonly Pick<Suggestion, "estimate">[]): number {
  return round1(
    list.filter((s) => s.estimate.measured).reduce((sum, s) => sum + s.estimate.minutesPerWeek, 0),
  );
}

const fmt = (n: number) => (n >= 10 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, ""));

/**
 * One estimate in words: "~41 min/week (18–77)" or "not estimated".
 *
 * @example
 * ```ts
 * savingText({ minutesPerWeek: 41.3, measured: true, assumption: "", range: { low: 18.7, high: 77.6 } });
 * // "~41 min/week (19–78)"
 * ```
 */
export function savingText(e: Estimate): string {
  if (!e.measured) return "not estimated";
  const range = e.range ? ` (${fmt(e.range.low)}–${fmt(e.range.high)})` : "";
  return `~${fmt(e.minutesPerWeek)} min/week${range}`;
}
