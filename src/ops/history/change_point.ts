/**
 * Change-point detection on a duration series (oldest first): did the workflow get slower (or
 * faster) at some run, and where?
 *
 * Method — the single best split under an L1 cost, then three acceptance tests:
 *
 * 1. For every split k with at least `minSegment` values on each side, the cost is the sum of
 *    absolute deviations of each segment from its own median. The split with the least cost is
 *    the candidate (the L1 analogue of the least-squares split of Hinkley 1970; medians, not
 *    means, so one 20-minute outlier cannot pull a segment).
 * 2. The two segments must differ by a two-sided Mann-Whitney test at α / (number of candidate
 *    splits) — a Bonferroni correction, since the best of many splits is tested.
 * 3. The medians must differ by at least one robust noise standard deviation (1.4826 × the
 *    pooled median absolute deviation from the segment medians), and by a practical minimum:
 *    max(`relative` × the earlier median, `absoluteMs`), as CI runners vary by a few percent.
 *
 * On pure noise step 2 fails (≈ α false alarms at most); a single outlier moves neither the
 * medians nor the ranks enough to pass 2 and 3; a real step is found at its index ± 1.
 *
 * @module
 */
import { mannWhitneyU } from "../../stats/mann_whitney.ts";
import { median } from "../../stats/quantile.ts";

/** Options of {@linkcode detectChangePoint}. */
export interface ChangePointOptions {
  /** Fewest values on either side. Default 5. */
  minSegment?: number;
  /** Family-wise significance level. Default 0.05. */
  alpha?: number;
  /** Smallest shift worth reporting, as a fraction of the earlier median. Default 0.1. */
  relative?: number;
  /** Smallest shift worth reporting, in the series' unit. Default 10,000 (10 s in ms). */
  absoluteMs?: number;
}

/** A detected shift. */
export interface DetectedChange {
  /** 0-based index of the first value after the change. */
  index: number;
  beforeMedian: number;
  afterMedian: number;
  /** Mann-Whitney p-value of the split (before the Bonferroni correction). */
  p: number;
}

const absDeviation = (xs: readonly number[], centre: number) =>
  xs.reduce((s, x) => s + Math.abs(x - centre), 0);

/**
 * The most likely single shift in `values`, or undefined when there is none worth reporting.
 *
 * @example
 * ```ts
 * const series = [300, 310, 295, 305, 301, 298, 420, 430, 425, 418, 428, 422];
 * detectChangePoint(series, { absoluteMs: 0 }); // { index: 6, beforeMedian: 300.5, afterMedian: 423.5, p: 0.0022 }
 * ```
 */
export function detectChangePoint(
  values: readonly number[],
  options: ChangePointOptions = {},
): DetectedChange | undefined {
  const minSegment = Math.max(2, options.minSegment ?? 5);
  const n = values.length;
  const candidates = n - 2 * minSegment + 1;
  if (candidates < 1) return undefined;
  let best: { index: number; cost: number; before: number; after: number } | undefined;
  for (let k = minSegment; k <= n - minSegment; k++) {
    const left = values.slice(0, k);
    const right = values.slice(k);
    const before = median(left);
    const after = median(right);
    const cost = absDeviation(left, before) + absDeviation(right, after);
    if (best === undefined || cost < best.cost) best = { index: k, cost, before, after };
  }
  if (best === undefined) return undefined;
  const shift = Math.abs(best.after - best.before);
  const left = values.slice(0, best.index);
  const right = values.slice(best.index);
  const deviations = [
    ...left.map((x) => Math.abs(x - best.before)),
    ...right.map((x) => Math.abs(x - best.after)),
  ];
  const sigma = 1.4826 * median(deviations);
  const minimum = Math.max(
    (options.relative ?? 0.1) * Math.abs(best.before),
    options.absoluteMs ?? 10_000,
  );
  if (shift === 0 || shift < sigma || shift < minimum) return undefined;
  const { p } = mannWhitneyU(right, left);
  if (p >= (options.alpha ?? 0.05) / candidates) return undefined;
  return { index: best.index, beforeMedian: best.before, afterMedian: best.after, p };
}
