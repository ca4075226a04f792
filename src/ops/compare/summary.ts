/**
 * The words of a compare verdict: the one-sentence summary, the verdict field and the status.
 * Significance and practical size are stated separately, so the sentence never contradicts
 * its own numbers: a significant change is called faster or slower with its size and p, and
 * flagged small when it is below the practical threshold.
 *
 * @module
 */
import type { ReportStatus } from "../../report/model.ts";
import { formatDuration, formatP, formatPercent, formatSigned } from "../../report/format.ts";
import { type Comparison, MINIMUM_SAMPLES, type SideStats } from "./samples.ts";
import type { PracticalThreshold } from "./threshold.ts";

/** The labels a summary names the sides by. */
export interface SummaryLabels {
  baselineLabel: string;
  candidateLabel: string;
}

const maybe = (ms: number | undefined) => (ms === undefined ? "—" : formatDuration(ms));

function runsText(a: SideStats, b: SideStats): string {
  const x = a.executionMs.length;
  const y = b.executionMs.length;
  return x === y ? `${x} run${x === 1 ? "" : "s"} each` : `${x} and ${y} runs`;
}

const pText = (p: number) => `p ${p < 0.001 ? "" : "= "}${formatP(p)}`;

/** "+2.0s (+100%)": a change with its share of the baseline median when there is one. */
function sizeText(c: Comparison, ms: number): string {
  const base = c.baseline.medianMs;
  return formatSigned(ms) + (base ? ` (${formatPercent(ms / base, true)})` : "");
}

/** Why a result with p and an interval is not significant, when the two disagree. */
function disagreement(c: Comparison): string {
  const d = c.difference!;
  const excludesZero = d.upper < 0 || d.lower > 0;
  const p = c.test!.p;
  if (p < c.alpha && !excludesZero) {
    return `; the rank test gives ${pText(p)} but the interval of the median difference ` +
      "includes 0, so no direction is established";
  }
  if (p >= c.alpha && excludesZero) {
    return `; the interval excludes 0 but the rank test gives ${pText(p)} ≥ ${c.alpha}`;
  }
  return "";
}

/** Which term of the rule set the threshold, in words. */
function basisText(t: PracticalThreshold): string {
  switch (t.basis) {
    case "spread":
      return "the spread of the baseline's middle half of runs";
    case "relative":
      return `${Number((t.settings.relative * 100).toPrecision(3))}% of the baseline median`;
    case "floor":
      return "the absolute floor";
  }
}

/** What a non-significant result can still rule out, from the interval. */
function ruledOut(c: Comparison): string {
  const d = c.difference!;
  const widest = Math.abs(d.lower) > Math.abs(d.upper) ? d.lower : d.upper;
  if (c.threshold && Math.abs(widest) <= c.threshold.ms) {
    return `; the interval rules out a change larger than the practical threshold of ${
      formatDuration(c.threshold.ms)
    }`;
  }
  return `; the data cannot rule out a change of ${sizeText(c, widest)}`;
}

/**
 * The one-sentence summary of a comparison.
 *
 * @example
 * ```ts
 * compareSummary(comparison, { baselineLabel: "ci.yml", candidateLabel: "ci-slow.yml" });
 * // "ci-slow.yml is 100% slower than ci.yml: +2.0s, p = 0.004 (median 4.0s vs 2.0s, …)."
 * ```
 */
export function compareSummary(c: Comparison, labels: SummaryLabels): string {
  const { baselineLabel: base, candidateLabel: cand } = labels;
  const a = c.baseline;
  const b = c.candidate;
  if (c.verdict === "insufficient-data" || !c.difference || !c.test) {
    return `Not enough successful runs to compare ${cand} with ${base}: ` +
      `${a.executionMs.length} for ${base} and ${b.executionMs.length} for ${cand} ` +
      `(at least ${MINIMUM_SAMPLES} per side are needed).`;
  }
  const d = c.difference;
  const medians = `median ${maybe(b.medianMs)} vs ${maybe(a.medianMs)}`;
  const interval = `${formatPercent(d.confidence)} CI ${formatSigned(d.lower)} to ${
    formatSigned(d.upper)
  }`;
  if (c.verdict === "faster" || c.verdict === "slower") {
    const share = formatPercent(Math.abs(c.relativeChange ?? 0));
    const small = c.practical === "small" ? ", a small change" : "";
    const below = c.practical === "small" && c.threshold
      ? `; within the practical threshold of ${formatDuration(c.threshold.ms)} (${
        basisText(c.threshold)
      })`
      : "";
    return `${cand} is ${share} ${c.verdict} than ${base}${small}: ${formatSigned(d.estimate)}, ` +
      `${pText(c.test.p)} (${medians}, ${interval}, ${runsText(a, b)})${below}.`;
  }
  return `No significant difference between ${cand} and ${base} (${medians}, ${interval}, ` +
    `${pText(c.test.p)}, ${runsText(a, b)})${disagreement(c)}${ruledOut(c)}.`;
}

/**
 * The verdict field: "Faster", "Slower, small change", "No significant difference", …
 *
 * @example
 * ```ts
 * verdictText({ ...comparison, verdict: "slower", practical: "small" }); // "Slower, small change"
 * ```
 */
export function verdictText(c: Comparison): string {
  switch (c.verdict) {
    case "faster":
    case "slower": {
      const word = c.verdict === "faster" ? "Faster" : "Slower";
      return c.practical === "small" ? `${word}, small change` : word;
    }
    case "no-significant-difference":
      return "No significant difference";
    case "insufficient-data":
      return "Insufficient data";
  }
}

/**
 * The report status: slower is a failure, or a warning when the change is small.
 *
 * @example
 * ```ts
 * verdictStatus({ ...comparison, verdict: "faster", practical: "meaningful" }); // "success"
 * ```
 */
export function verdictStatus(c: Comparison): ReportStatus {
  switch (c.verdict) {
    case "faster":
      return "success";
    case "slower":
      return c.practical === "small" ? "warning" : "failure";
    case "no-significant-difference":
      return "neutral";
    case "insufficient-data":
      return "warning";
  }
}
