/**
 * The pure half of `compare`: two sets of run samples become a {@linkcode Comparison} with a
 * verdict. No I/O, so history mode and active mode (dispatched
 * runs, as a durable job) share it unchanged.
 *
 * @module
 */
import type { RunSample } from "../history/run_sample.ts";
import { bootstrapMedianDifference } from "../../stats/bootstrap.ts";
import type { Interval } from "../../stats/interval.ts";
import { type MannWhitneyResult, mannWhitneyU } from "../../stats/mann_whitney.ts";
import { median, p90, sortedAscending } from "../../stats/quantile.ts";
import type { RandomSource } from "../../stats/random.ts";
import { wilsonInterval } from "../../stats/wilson.ts";
import { type NoiseThreshold, type PracticalThreshold, practicalThreshold } from "./threshold.ts";

export type { NoiseThreshold, PracticalThreshold } from "./threshold.ts";

/** Options of {@linkcode compareSamples}. */
export interface CompareOptions {
  /** The practical-size rule (see {@linkcode practicalThreshold}); defaults when absent. */
  noiseThreshold?: NoiseThreshold;
  /** Random source of the bootstrap; default a fixed seed, so reports are reproducible. */
  random?: RandomSource;
  /** Bootstrap resamples. Default 2,000. */
  resamples?: number;
  /** Significance level of the test and 1 − confidence of the intervals. Default 0.05. */
  alpha?: number;
}

/**
 * The verdict on the candidate relative to the baseline: statistical significance only.
 * How large a significant change is in practice is {@linkcode PracticalSize}, kept apart.
 */
export type Verdict = "faster" | "slower" | "no-significant-difference" | "insufficient-data";

/** Practical size of a significant change: at most the practical threshold is "small". */
export type PracticalSize = "small" | "meaningful";

/** Statistics of one side. */
export interface SideStats {
  /** Runs with an outcome that counts for the success rate (see {@linkcode compareSamples}). */
  runs: number;
  successes: number;
  /** Cancelled or skipped runs, left out of the success rate. */
  cancelled: number;
  successRate: Interval;
  /** Execution times of successful runs, ascending. */
  executionMs: number[];
  medianMs?: number;
  p90Ms?: number;
  medianQueueMs?: number;
}

/** Where the time changed: one job name on both sides. */
export interface JobDelta {
  name: string;
  baselineMedianMs?: number;
  candidateMedianMs?: number;
  /** candidate − baseline, when the job ran successfully on both sides. */
  differenceMs?: number;
  baselineRuns: number;
  candidateRuns: number;
}

/** Everything {@linkcode compareSamples} concludes. */
export interface Comparison {
  baseline: SideStats;
  candidate: SideStats;
  /** median(candidate) − median(baseline) with its bootstrap interval; negative = faster. */
  difference?: Interval;
  /** difference / baseline median. */
  relativeChange?: number;
  test?: MannWhitneyResult;
  alpha: number;
  /** The practical threshold in ms (= `threshold.ms`). */
  noiseThresholdMs?: number;
  /** The practical threshold with the terms it was chosen from. */
  threshold?: PracticalThreshold;
  verdict: Verdict;
  /** Set when the verdict is `faster` or `slower`. */
  practical?: PracticalSize;
  warnings: string[];
  /** Sorted by |difference|, largest first; jobs present on one side only last. */
  jobs: JobDelta[];
}

/** Below this many successful runs per side, results are flagged as unreliable. */
export const RECOMMENDED_SAMPLES = 9;
/** Below this many successful runs on either side there is no verdict at all. */
export const MINIMUM_SAMPLES = 3;

// A cancellation is a person's or a concurrency group's decision, not the workflow's outcome.
const NOT_AN_OUTCOME = new Set(["cancelled", "skipped", "stale", "neutral", "action_required"]);

function side(samples: RunSample[], alpha: number): SideStats {
  const done = samples.filter((s) => s.conclusion !== null);
  const counted = done.filter((s) => !NOT_AN_OUTCOME.has(s.conclusion!));
  const ok = counted.filter((s) => s.conclusion === "success");
  const executionMs = sortedAscending(ok.map((s) => s.executionMs));
  const timed = executionMs.length > 0;
  return {
    runs: counted.length,
    successes: ok.length,
    cancelled: done.length - counted.length,
    successRate: wilsonInterval(ok.length, counted.length, 1 - alpha),
    executionMs,
    medianMs: timed ? median(executionMs) : undefined,
    p90Ms: timed ? p90(executionMs) : undefined,
    medianQueueMs: timed ? median(ok.map((s) => s.queueMs)) : undefined,
  };
}

function jobTimes(samples: RunSample[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const s of samples) {
    if (s.conclusion !== "success") continue;
    for (const j of s.jobs) {
      if (j.conclusion !== "success") continue;
      out.set(j.name, [...(out.get(j.name) ?? []), j.executionMs]);
    }
  }
  return out;
}

function jobBreakdown(baseline: RunSample[], candidate: RunSample[]): JobDelta[] {
  const a = jobTimes(baseline);
  const b = jobTimes(candidate);
  const names = [...new Set([...a.keys(), ...b.keys()])];
  return names
    .map((name): JobDelta => {
      const x = a.get(name) ?? [];
      const y = b.get(name) ?? [];
      const baselineMedianMs = x.length ? median(x) : undefined;
      const candidateMedianMs = y.length ? median(y) : undefined;
      return {
        name,
        baselineMedianMs,
        candidateMedianMs,
        differenceMs: baselineMedianMs !== undefined && candidateMedianMs !== undefined
          ? candidateMedianMs - baselineMedianMs
          : undefined,
        baselineRuns: x.length,
        candidateRuns: y.length,
      };
    })
    .sort((p, q) => {
      const size = (d: JobDelta) => d.differenceMs !== undefined ? Math.abs(d.differenceMs) : -1;
      return size(q) - size(p) || p.name.localeCompare(q.name);
    });
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Compares candidate against baseline.
 *
 * - Timing uses successful runs only (a failed run stops early and would look "fast"); the
 *   success rate uses every run with an outcome except cancelled/skipped ones.
 * - The difference is median(candidate) − median(baseline) with a bootstrap percentile
 *   interval; the test is a two-sided Mann-Whitney U test.
 * - Significance and practical size are separate and never contradict: `faster`/`slower`
 *   whenever p < α AND the interval excludes 0, whatever the size; `practical` then says
 *   whether |difference| exceeds the practical threshold of {@linkcode practicalThreshold}
 *   (`meaningful`) or not (`small`). A small significant change is still faster/slower.
 * - `insufficient-data` when either side has fewer than {@linkcode MINIMUM_SAMPLES}
 *   successful runs; a warning below {@linkcode RECOMMENDED_SAMPLES}.
 *
 * @example
 * ```ts
 * const c = compareSamples(baselineSamples, candidateSamples, { random: mulberry32(1) });
 * c.verdict; // "faster"
 * ```
 */
export function compareSamples(
  baseline: RunSample[],
  candidate: RunSample[],
  options: CompareOptions = {},
): Comparison {
  const alpha = options.alpha ?? 0.05;
  const a = side(baseline, alpha);
  const b = side(candidate, alpha);
  const jobs = jobBreakdown(baseline, candidate);
  const warnings: string[] = [];
  for (const [label, s] of [["baseline", a], ["candidate", b]] as const) {
    if (s.executionMs.length < RECOMMENDED_SAMPLES) {
      warnings.push(
        `Only ${s.executionMs.length} successful ${label} run${
          s.executionMs.length === 1 ? "" : "s"
        }: at least ${RECOMMENDED_SAMPLES} per side are needed for a dependable verdict.`,
      );
    }
  }
  if (a.runs > 0 && b.runs > 0) {
    const [worse, better, worseLabel] = b.successRate.upper < a.successRate.lower
      ? [b, a, "candidate"]
      : a.successRate.upper < b.successRate.lower
      ? [a, b, "baseline"]
      : [undefined, undefined, ""];
    if (worse && better) {
      warnings.push(
        `The ${worseLabel} succeeds less often: ${
          pct(worse.successRate.estimate)
        } of ${worse.runs} ` +
          `runs vs ${pct(better.successRate.estimate)} of ${better.runs} (the ${
            pct(1 - alpha)
          } intervals do not overlap).`,
      );
    }
  }
  if (a.executionMs.length < MINIMUM_SAMPLES || b.executionMs.length < MINIMUM_SAMPLES) {
    return { baseline: a, candidate: b, alpha, verdict: "insufficient-data", warnings, jobs };
  }
  const difference = bootstrapMedianDifference(a.executionMs, b.executionMs, {
    resamples: options.resamples,
    confidence: 1 - alpha,
    random: options.random,
  });
  const test = mannWhitneyU(b.executionMs, a.executionMs);
  const threshold = practicalThreshold(a.executionMs, options.noiseThreshold);
  // Both the rank test and the interval must agree: the direction is read off the interval.
  const significant = test.p < alpha && (difference.upper < 0 || difference.lower > 0);
  const verdict: Verdict = !significant
    ? "no-significant-difference"
    : difference.upper < 0
    ? "faster"
    : "slower";
  return {
    baseline: a,
    candidate: b,
    difference,
    relativeChange: a.medianMs! > 0 ? difference.estimate / a.medianMs! : undefined,
    test,
    alpha,
    noiseThresholdMs: threshold.ms,
    threshold,
    verdict,
    ...(significant
      ? { practical: Math.abs(difference.estimate) > threshold.ms ? "meaningful" : "small" }
      : {}),
    warnings,
    jobs,
  };
}
