/**
 * Wilson score interval for a proportion (Wilson 1927; method 3 in Newcombe 1998): unlike the
 * textbook p ± z·√(p(1−p)/n) it stays inside [0, 1] and is sensible at 0 % and 100 %, which CI
 * success rates often are. It is what R's `prop.test(x, n, correct = FALSE)` reports.
 * `simple-statistics` has no proportion intervals, hence hand-written.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import type { Interval } from "./interval.ts";
import { normalQuantile } from "./normal.ts";

/**
 * The Wilson score interval of `successes` out of `trials`. With no trials there is no
 * estimate (`NaN`) and the interval is all of [0, 1].
 *
 * @throws {CiError} `bad_request` for negative or non-integer counts, or successes > trials.
 * @example
 * ```ts
 * wilsonInterval(81, 263); // { estimate: 0.308, lower: 0.2553, upper: 0.3662, confidence: 0.95 }
 * ```
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  if (
    !Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 ||
    successes > trials
  ) {
    throw new CiError(
      "bad_request",
      `A success rate needs whole counts with 0 ≤ successes ≤ trials: got ${successes} of ${trials}`,
    );
  }
  if (trials === 0) return { estimate: NaN, lower: 0, upper: 1, confidence };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt(p * (1 - p) / trials + z2n / (4 * trials));
  return {
    estimate: p,
    // Exact bounds at the edges, where rounding would otherwise leave 1e-17 or 0.9999999.
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === trials ? 1 : Math.min(1, centre + half),
    confidence,
  };
}
