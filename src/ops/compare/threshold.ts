/**
 * The practical-size rule of `compare`: how large a statistically significant change must be
 * before it is called meaningful rather than small. It comes from the baseline itself, never
 * from a fixed number of seconds, so a 2-second workflow that doubles is a meaningful change
 * and a 3 % drift of a 20-minute workflow is flagged small.
 *
 * @module
 */
import { formatDuration } from "../../report/format.ts";
import { CiError } from "../../errors.ts";
import { median, quantile } from "../../stats/quantile.ts";

/**
 * The settings of the rule: a change is small when |median change| ≤
 * max(spread × IQR(baseline), relative × median(baseline), absoluteMs).
 */
export interface NoiseThreshold {
  /** Multiple of the baseline's interquartile range. Default 1. */
  spread?: number;
  /** Fraction of the baseline median. Default 0.05. */
  relative?: number;
  /** Floor in milliseconds. Default 1,000. */
  absoluteMs?: number;
}

/** Which term of the rule set the threshold. */
export type ThresholdBasis = "spread" | "relative" | "floor";

/** The threshold for one baseline, with every term, so a report can show what it rests on. */
export interface PracticalThreshold {
  ms: number;
  basis: ThresholdBasis;
  /** spread × the baseline's interquartile range (R type-7 quartiles). */
  spreadMs: number;
  /** relative × the baseline median. */
  relativeMs: number;
  floorMs: number;
  /** The settings used, defaults filled in. */
  settings: Required<NoiseThreshold>;
}

/** Defaults of {@linkcode NoiseThreshold}. */
export const DEFAULT_NOISE_THRESHOLD: Required<NoiseThreshold> = {
  // The middle half of the baseline's own runs spans one IQR: a change smaller than that is
  // hidden among ordinary runs of the same workflow.
  spread: 1,
  // Runner speed drifts by a few percent from hour to hour (shared hosts, cache state), more
  // than a sample taken in a short window shows: a tight sample must not make 3 % look large.
  relative: 0.05,
  // GitHub reports whole seconds: below one second a difference is rounding.
  absoluteMs: 1_000,
};

function settingsOf(options: NoiseThreshold): Required<NoiseThreshold> {
  const settings = { ...DEFAULT_NOISE_THRESHOLD, ...options };
  for (const [key, value] of Object.entries(settings)) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new CiError(
        "bad_request",
        `The compare noise threshold's '${key}' must be a finite number ≥ 0: it is ${value}`,
        {
          hint:
            "Leave it out for the default, e.g. { spread: 1, relative: 0.05, absoluteMs: 1000 }.",
        },
      );
    }
  }
  return settings;
}

/**
 * The practical threshold of a baseline sample (execution times in ms).
 *
 * @throws {CiError} `bad_request` for an empty baseline or a negative or non-finite setting.
 * @example
 * ```ts
 * const t = practicalThreshold([2_000, 2_000, 2_000, 2_000, 2_000]);
 * t.ms; // 1_000 (the floor: no spread, 5 % of 2 s is 100 ms)
 * ```
 */
export function practicalThreshold(
  baselineMs: readonly number[],
  options: NoiseThreshold = {},
): PracticalThreshold {
  if (baselineMs.length === 0) {
    throw new CiError("bad_request", "Cannot set a practical threshold without baseline runs", {
      hint: "Compare only when the baseline has successful runs.",
    });
  }
  const settings = settingsOf(options);
  const iqr = quantile(baselineMs, 0.75) - quantile(baselineMs, 0.25);
  const terms: Record<ThresholdBasis, number> = {
    spread: settings.spread * iqr,
    relative: settings.relative * median(baselineMs),
    floor: settings.absoluteMs,
  };
  const basis = (Object.keys(terms) as ThresholdBasis[])
    .reduce((best, key) => (terms[key] > terms[best] ? key : best), "floor");
  return {
    ms: terms[basis],
    basis,
    spreadMs: terms.spread,
    relativeMs: terms.relative,
    floorMs: terms.floor,
    settings,
  };
}

/**
 * The rule in words, with this baseline's numbers.
 *
 * @example
 * ```ts
 * describeThreshold(practicalThreshold([470_000, 480_000, 490_000]));
 * // "the largest of the baseline's interquartile range (10s), 5% of its median (24s) and 1.0s: 24s"
 * ```
 */
export function describeThreshold(t: PracticalThreshold): string {
  const spread = t.settings.spread === 1
    ? "the baseline's interquartile range"
    : `${t.settings.spread} × the baseline's interquartile range`;
  const share = `${Number((t.settings.relative * 100).toPrecision(3))}%`;
  return `the largest of ${spread} (${formatDuration(t.spreadMs)}), ` +
    `${share} of its median (${formatDuration(t.relativeMs)}) ` +
    `and ${formatDuration(t.floorMs)}: ${formatDuration(t.ms)}`;
}
