/**
 * Two-sided Mann-Whitney U (Wilcoxon rank-sum) test, following R's `wilcox.test(x, y)` rules
 * exactly: the statistic is W = U of x (pairs with x > y, ties counting one half); the p-value
 * is exact when both samples have fewer than 50 values and there are no ties, otherwise the
 * normal approximation with tie-corrected variance and a continuity correction of 0.5.
 * (SciPy's `mannwhitneyu(method="auto")` computes the same two p-values but switches to the
 * normal approximation already above 8 values per side.) `simple-statistics` gives the
 * tie-averaged rank sum; the exact null distribution and the p-value are hand-written as it
 * has neither.
 *
 * @module
 */
import { wilcoxonRankSum } from "simple-statistics";
import { CiError } from "../errors.ts";
import { normalCdf } from "./normal.ts";
import { sortedAscending } from "./quantile.ts";

/** Result of {@linkcode mannWhitneyU}. */
export interface MannWhitneyResult {
  /** U of x (R's W): the number of pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties counting ½. */
  u: number;
  /** Two-sided p-value. */
  p: number;
  method: "exact" | "normal";
  /** Whether the pooled sample has ties (which rule out the exact test). */
  ties: boolean;
}

/** Options of {@linkcode mannWhitneyU}. */
export interface MannWhitneyOptions {
  /** Force (true) or forbid (false) the exact test; by default R's rule above. Ties always forbid it. */
  exact?: boolean;
  /** Continuity correction in the normal approximation. Default true, as in R. */
  correct?: boolean;
}

// R uses the exact distribution below this size per side.
const EXACT_LIMIT = 50;

/**
 * Frequencies of U = 0..m·n under the null for sample sizes m and n (no ties): f(i, j) of
 * U is f(i−1, j) shifted by j (the largest value is an x, above all j y's) plus f(i, j−1).
 * Only additions of non-negative numbers, so tail counts keep full relative precision.
 */
function uFrequencies(m: number, n: number): Float64Array {
  let row: Float64Array[] = Array.from({ length: n + 1 }, () => Float64Array.of(1));
  for (let i = 1; i <= m; i++) {
    const next: Float64Array[] = [Float64Array.of(1)];
    for (let j = 1; j <= n; j++) {
      const f = new Float64Array(i * j + 1);
      const up = row[j];
      for (let k = 0; k < up.length; k++) f[k + j] += up[k];
      const left = next[j - 1];
      for (let k = 0; k < left.length; k++) f[k] += left[k];
      next.push(f);
    }
    row = next;
  }
  return row[n];
}

function exactTwoSided(u: number, m: number, n: number): number {
  const f = uFrequencies(m, n);
  const total = f.reduce((s, v) => s + v, 0);
  // As R: the tail on the side of the observed U, including U itself.
  let tail = 0;
  if (u > (m * n) / 2) { for (let k = Math.ceil(u); k < f.length; k++) tail += f[k]; }
  else for (let k = 0; k <= Math.floor(u); k++) tail += f[k];
  return Math.min(1, (2 * tail) / total);
}

/**
 * Two-sided Mann-Whitney U test of x against y.
 *
 * @throws {CiError} `bad_request` when either sample is empty.
 * @example
 * ```ts
 * const x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
 * const y = [1.15, 0.88, 0.90, 0.74, 1.21];
 * mannWhitneyU(x, y); // { u: 35, p: 0.2544, method: "exact", ties: false }
 * ```
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) {
    throw new CiError(
      "bad_request",
      `The Mann-Whitney test needs values on both sides: got ${m} and ${n}`,
    );
  }
  const u = wilcoxonRankSum([...x], [...y]) - (m * (m + 1)) / 2;
  const pooled = sortedAscending([...x, ...y]);
  let tieTerm = 0;
  for (let i = 0; i < pooled.length;) {
    let j = i;
    while (j < pooled.length && pooled[j] === pooled[i]) j++;
    const t = j - i;
    tieTerm += t * t * t - t;
    i = j;
  }
  const ties = tieTerm > 0;
  const exact = !ties && (options.exact ?? (m < EXACT_LIMIT && n < EXACT_LIMIT));
  if (exact) return { u, p: exactTwoSided(u, m, n), method: "exact", ties };

  const total = m + n;
  const z0 = u - (m * n) / 2;
  const sigma = Math.sqrt((m * n / 12) * (total + 1 - tieTerm / (total * (total - 1))));
  // Every value equal: no evidence of any shift (R answers NaN here).
  if (sigma === 0) return { u, p: 1, method: "normal", ties };
  const correction = (options.correct ?? true) ? Math.sign(z0) * 0.5 : 0;
  const z = (z0 - correction) / sigma;
  const p = 2 * Math.min(normalCdf(z), 1 - normalCdf(z));
  return { u, p: Math.min(1, p), method: "normal", ties };
}
