/**
 * Success rate of a workflow's runs with its Wilson interval, and its trend (the newer half of
 * the runs against the older half).
 *
 * @module
 */
import type { Interval } from "../../stats/interval.ts";
import { wilsonInterval } from "../../stats/wilson.ts";
import { NOT_AN_OUTCOME } from "./records.ts";

/** What {@linkcode successRate} returns. */
export interface SuccessRate {
  rate: Interval;
  /** Rates of the newer and the older half of the counted runs (NaN for an empty half). */
  trend: { recent: number; previous: number };
  /** Runs with an outcome (cancelled, skipped and the like left out). */
  counted: number;
  successes: number;
}

const share = (xs: readonly string[]) =>
  xs.length === 0 ? NaN : xs.filter((c) => c === "success").length / xs.length;

/**
 * Success rate over conclusions given oldest first. With an odd count the middle run belongs
 * to the newer half.
 *
 * @example
 * ```ts
 * const s = successRate(["failure", "success", "success", "success"]);
 * s.rate.estimate; // 0.75
 * s.trend; // { recent: 1, previous: 0.5 }
 * ```
 */
export function successRate(conclusions: ReadonlyArray<string | null>): SuccessRate {
  const counted = conclusions.filter((c): c is string => c !== null && !NOT_AN_OUTCOME.has(c));
  const successes = counted.filter((c) => c === "success").length;
  const half = Math.floor(counted.length / 2);
  return {
    rate: wilsonInterval(successes, counted.length),
    trend: { recent: share(counted.slice(half)), previous: share(counted.slice(0, half)) },
    counted: counted.length,
    successes,
  };
}

/**
 * An arrow for the trend: ↑ or ↓ when the newer half's rate moved by at least `threshold`
 * (default 5 percentage points), → otherwise, and "" when either half is empty.
 *
 * @example
 * ```ts
 * trendArrow({ recent: 0.9, previous: 0.7 }); // "↑"
 * ```
 */
export function trendArrow(trend: { recent: number; previous: number }, threshold = 0.05): string {
  if (Number.isNaN(trend.recent) || Number.isNaN(trend.previous)) return "";
  const delta = trend.recent - trend.previous;
  return delta >= threshold ? "↑" : delta <= -threshold ? "↓" : "→";
}
