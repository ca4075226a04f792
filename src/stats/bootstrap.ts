/**
 * Bootstrap percentile confidence interval for the difference of two medians. Each side is
 * resampled independently (with replacement, its own size), the difference candidate −
 * baseline computed per resample, and the interval read off the resampled differences at
 * α/2 and 1 − α/2 with R's type-7 quantile. `simple-statistics` provides the resampling
 * (`sampleWithReplacement`, which takes a random source); the interval itself is not in it.
 *
 * @module
 */
import { sampleWithReplacement } from "simple-statistics";
import { CiError } from "../errors.ts";
import type { Interval } from "./interval.ts";
import { median, quantile } from "./quantile.ts";
import { mulberry32, type RandomSource } from "./random.ts";

/** Options of {@linkcode bootstrapMedianDifference}. */
export interface BootstrapOptions {
  /** Resamples. Default 2,000 (Monte Carlo error of the 2.5 % point is then small next to run noise). */
  resamples?: number;
  /** Default 0.95. */
  confidence?: number;
  /** Uniform [0, 1) source. Default `mulberry32(DEFAULT_SEED)`, so equal data give equal intervals. */
  random?: RandomSource;
}

/** Seed used when no random source is injected. */
export const DEFAULT_SEED = 20261124;

/**
 * median(candidate) − median(baseline) with its bootstrap percentile interval.
 *
 * @throws {CiError} `bad_request` when either sample is empty or `resamples` < 1.
 * @example
 * ```ts
 * const d = bootstrapMedianDifference([452, 471, 488], [371, 390, 402], { random: mulberry32(1) });
 * d.estimate; // -81
 * ```
 */
export function bootstrapMedianDifference(
  baseline: readonly number[],
  candidate: readonly number[],
  options: BootstrapOptions = {},
): Interval {
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const random = options.random ?? mulberry32(DEFAULT_SEED);
  if (baseline.length === 0 || candidate.length === 0) {
    throw new CiError(
      "bad_request",
      `Cannot bootstrap a difference with an empty side: baseline has ${baseline.length} values, candidate ${candidate.length}`,
    );
  }
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new CiError(
      "bad_request",
      `Bootstrap resamples must be a positive integer: got ${resamples}`,
    );
  }
  const a = [...baseline];
  const b = [...candidate];
  const diffs = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) {
    const c = median(sampleWithReplacement(b, b.length, random));
    diffs[i] = c - median(sampleWithReplacement(a, a.length, random));
  }
  const alpha = 1 - confidence;
  return {
    estimate: median(b) - median(a),
    lower: quantile(diffs, alpha / 2),
    upper: quantile(diffs, 1 - alpha / 2),
    confidence,
  };
}
