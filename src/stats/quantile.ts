/**
 * Sample quantiles with R's default definition (type 7, also NumPy's `linear`): for
 * probability p over n sorted values, h = (n − 1)·p and the result interpolates linearly
 * between the values at floor(h) and ceil(h) (0-based). `simple-statistics` implements exactly
 * that since 7.x, so it does the work here.
 *
 * @module
 */
import { quantileSorted } from "simple-statistics";
import { CiError } from "../errors.ts";

/**
 * Ascending copy (numeric, not lexicographic like the default `sort`).
 *
 * @example
 * ```ts
 * sortedAscending([10, 9, 100]); // [9, 10, 100]
 * ```
 */
export const sortedAscending = (values: readonly number[]): number[] =>
  [...values].sort((a, b) => a - b);

/**
 * The p-quantile (0 ≤ p ≤ 1), R type 7.
 *
 * @throws {CiError} `bad_request` for an empty sample or p outside [0, 1].
 * @example
 * ```ts
 * quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9); // 9.1
 * ```
 */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    throw new CiError("bad_request", "Cannot compute a quantile of an empty sample");
  }
  if (!(p >= 0 && p <= 1)) {
    throw new CiError("bad_request", `A quantile's probability must be in [0, 1]: it is ${p}`);
  }
  return quantileSorted(sortedAscending(values), p);
}

/**
 * The median (the 0.5 quantile: the mean of the two middle values when n is even).
 *
 * @example
 * ```ts
 * median([4, 1, 3, 2]); // 2.5
 * ```
 */
export const median = (values: readonly number[]): number => quantile(values, 0.5);

/**
 * The 90th percentile, R type 7.
 *
 * @example
 * ```ts
 * p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // 9.1
 * ```
 */
export const p90 = (values: readonly number[]): number => quantile(values, 0.9);
