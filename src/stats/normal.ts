/**
 * The standard normal distribution: CDF and quantile function.
 *
 * @module
 */
import { errorFunction } from "simple-statistics";
import { CiError } from "../errors.ts";

/**
 * Φ(z), the standard normal CDF, through `simple-statistics`' error function (the Numerical
 * Recipes Chebyshev fit: about 1e-7 absolute error, ample for p-values). Its own
 * `cumulativeStdNormalProbability` is a table lookup in steps of 0.01, too coarse for
 * p-values, hence not used.
 *
 * @example
 * ```ts
 * normalCdf(0); // 0.5
 * ```
 */
export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

// Acklam's rational approximation (relative error < 1.15e-9). Hand-written because
// `simple-statistics`' `probit` uses Winitzki's closed form, which gives 1.9572 instead of
// 1.95996 for p = 0.975: wrong in the third decimal, visibly so in every interval.
const A = [
  -3.969683028665376e1,
  2.209460984245205e2,
  -2.759285104469687e2,
  1.38357751867269e2,
  -3.066479806614716e1,
  2.506628277459239,
];
const B = [
  -5.447609879822406e1,
  1.615858368580409e2,
  -1.556989798598866e2,
  6.680131188771972e1,
  -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3,
  -3.223964580411365e-1,
  -2.400758277161838,
  -2.549732539343734,
  4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

const tail = (q: number) =>
  (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
  ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);

/**
 * Φ⁻¹(p), the standard normal quantile (R's `qnorm`), for 0 < p < 1.
 *
 * @throws {CiError} `bad_request` when p is not strictly between 0 and 1.
 * @example
 * ```ts
 * normalQuantile(0.975); // 1.959963984…
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    throw new CiError("bad_request", `A normal quantile needs 0 < p < 1: p is ${p}`);
  }
  if (p < P_LOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}
