/**
 * The shape every interval estimate here shares.
 *
 * @module
 */

/**
 * A point estimate with a two-sided confidence interval.
 *
 * @example
 * ```ts
 * const i: Interval = { estimate: 0.3, lower: 0.25, upper: 0.37, confidence: 0.95 };
 * ```
 */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
  /** e.g. 0.95 */
  confidence: number;
}
