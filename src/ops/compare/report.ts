/**
 * Turns a {@linkcode Comparison} into the neutral report every surface renders. Pure, so the
 * active mode (a durable job) builds its final report with the same function.
 *
 * @module
 */
import type { Chart, Link, ReportInput, Table } from "../../report/model.ts";
import { formatDuration, formatP, formatPercent, formatSigned } from "../../report/format.ts";
import type { RunSample } from "../history/run_sample.ts";
import type { Comparison, SideStats } from "./samples.ts";
import { compareSummary, verdictStatus, verdictText } from "./summary.ts";
import type { CompareSettings } from "./settings.ts";
import { DEFAULT_NOISE_THRESHOLD, describeThreshold } from "./threshold.ts";

/** Input of {@linkcode compareReport}. */
export interface CompareReportInput {
  repo: string;
  /** e.g. "ci.yml" or "main". */
  baselineLabel: string;
  candidateLabel: string;
  mode: "history" | "active";
  comparison: Comparison;
  baseline: RunSample[];
  candidate: RunSample[];
  /** What was sampled, in words: "completed runs created since 2026-10-25, all branches". */
  scope?: string;
  /** API calls the sampling used. */
  apiCalls?: number;
  /** The practical threshold's settings and where they came from (see `compareSettings`). */
  settings?: CompareSettings;
}

/** Links per side: enough to open a few runs, not so many that chat replies overflow. */
export const MAX_RUN_LINKS = 10;
const MAX_JOB_ROWS = 20;

const maybe = (ms: number | undefined) => (ms === undefined ? "—" : formatDuration(ms));

function rateText(s: SideStats): string {
  if (s.runs === 0) return "— (no finished runs)";
  const r = s.successRate;
  return `${formatPercent(r.estimate)} of ${s.runs} (${formatPercent(r.confidence)} CI ` +
    `${formatPercent(r.lower)}–${formatPercent(r.upper)})`;
}

function statsTable(input: CompareReportInput): Table {
  const { comparison: c } = input;
  const row = (
    label: string,
    f: (s: SideStats) => string,
  ) => [label, f(c.baseline), f(c.candidate)];
  const rows = [
    row("Successful runs (timed)", (s) => String(s.executionMs.length)),
    row("Success rate", rateText),
    row("Median execution", (s) => maybe(s.medianMs)),
    row("p90 execution", (s) => maybe(s.p90Ms)),
    row("Median queue", (s) => maybe(s.medianQueueMs)),
  ];
  if (c.baseline.cancelled + c.candidate.cancelled > 0) {
    rows.push(row("Cancelled or skipped", (s) => String(s.cancelled)));
  }
  return {
    title: "Statistics",
    columns: ["", `${input.baselineLabel} (baseline)`, `${input.candidateLabel} (candidate)`],
    rows,
  };
}

function jobsTable(input: CompareReportInput): Table {
  const rows = input.comparison.jobs.slice(0, MAX_JOB_ROWS).map((j) => {
    const change = j.differenceMs === undefined
      ? (j.baselineMedianMs === undefined ? "only in candidate" : "only in baseline")
      : formatSigned(j.differenceMs) +
        (j.baselineMedianMs
          ? ` (${formatPercent(j.differenceMs / j.baselineMedianMs, true)})`
          : "");
    return [j.name, maybe(j.baselineMedianMs), maybe(j.candidateMedianMs), change];
  });
  return {
    title: "Where the time changed (median per job)",
    columns: ["Job", input.baselineLabel, input.candidateLabel, "Change"],
    rows,
  };
}

function chartOf(input: CompareReportInput): Chart {
  const points = (s: SideStats) =>
    s.executionMs.map((v, i) => ({ x: i + 1, y: Math.round(v / 600) / 100 }));
  return {
    title: "Execution time of successful runs, sorted",
    kind: "line",
    unit: "min",
    series: [
      { name: `${input.baselineLabel} (baseline)`, points: points(input.comparison.baseline) },
      { name: `${input.candidateLabel} (candidate)`, points: points(input.comparison.candidate) },
    ],
  };
}

function linksOf(input: CompareReportInput): Link[] {
  const pick = (samples: RunSample[], label: string) =>
    samples.filter((s) => s.url && URL.canParse(s.url)).slice(0, MAX_RUN_LINKS).map((s) => ({
      label: `${label} run ${s.runId} (${s.conclusion ?? "unfinished"})`,
      url: s.url!,
    }));
  return [
    ...pick(input.baseline, input.baselineLabel),
    ...pick(input.candidate, input.candidateLabel),
  ];
}

function methodText(c: Comparison, settings: CompareSettings | undefined): string {
  const confidence = formatPercent(1 - c.alpha);
  // Without a verdict there is no threshold: the rule is still stated as it would apply.
  const rule = c.threshold?.settings ??
    { ...DEFAULT_NOISE_THRESHOLD, ...settings?.noiseThreshold };
  const spread = rule.spread === 1 ? "" : `${rule.spread} × `;
  const share = Number((rule.relative * 100).toPrecision(3));
  return [
    "Execution time runs from the first job's start to the last job's completion; queue time " +
    "(creation to first job start) is reported separately. Only successful runs are timed; " +
    "the success rate counts every finished run except cancelled or skipped ones.",
    `The difference is median(candidate) − median(baseline) with a ${confidence} bootstrap ` +
    "percentile interval (2,000 resamples per side, fixed seed). The p-value is a two-sided " +
    "Mann-Whitney U test (exact without ties below 50 runs per side, as R's wilcox.test).",
    `Significance and size are judged separately. The candidate is called faster or slower ` +
    `when p < ${c.alpha} and the interval excludes 0, however large the change; otherwise there ` +
    "is no significant difference, and the interval says which changes the data cannot rule " +
    "out. A significant change is then flagged small when its size is at most the practical " +
    `threshold: the largest of ${spread}the baseline's interquartile range (the middle half of ` +
    "its own runs spans that much, so a smaller change hides among ordinary runs), " +
    `${share}% of the baseline median (runner speed drifts by a few percent between hours, ` +
    `more than a short sample shows) and ${formatDuration(rule.absoluteMs)} (an absolute floor)` +
    (c.threshold ? `; here ${describeThreshold(c.threshold)}.` : ".") +
    (settings
      ? ` The floor and the share of the median are ${settings.origin} (min-effect and ` +
        "relative under compare:, see docs/compare.md)."
      : ""),
  ].join("\n\n");
}

/**
 * Builds the compare report.
 *
 * @example
 * ```ts
 * const report = compareReport({
 *   repo: "acme/app", baselineLabel: "ci.yml", candidateLabel: "ci-fast.yml", mode: "history",
 *   comparison: compareSamples(a, b), baseline: a, candidate: b,
 * });
 * report.summary; // "ci-fast.yml is 21% faster than ci.yml: −1m 38s, p < 0.001 (median 6m 02s vs 7m 40s, …)."
 * ```
 */
export function compareReport(input: CompareReportInput): ReportInput {
  const c = input.comparison;
  const fields = [
    { label: "Verdict", value: verdictText(c) },
    ...(c.difference
      ? [
        {
          label: "Median change",
          value: formatSigned(c.difference.estimate) +
            (c.relativeChange === undefined ? "" : ` (${formatPercent(c.relativeChange, true)})`),
        },
        {
          label: `${formatPercent(c.difference.confidence)} CI`,
          value: `${formatSigned(c.difference.lower)} to ${formatSigned(c.difference.upper)}`,
        },
      ]
      : []),
    ...(c.test
      ? [{ label: "Mann-Whitney p", value: `${formatP(c.test.p)} (${c.test.method})` }]
      : []),
    ...(c.threshold
      ? [{ label: "Practical threshold", value: formatDuration(c.threshold.ms) }]
      : []),
    {
      label: "Runs timed",
      value: `${c.baseline.executionMs.length} vs ${c.candidate.executionMs.length}`,
    },
    { label: "Mode", value: input.mode === "history" ? "history (no dispatch)" : "active" },
    ...(input.scope ? [{ label: "Sampled", value: input.scope }] : []),
    ...(input.apiCalls === undefined
      ? []
      : [{ label: "API calls", value: String(input.apiCalls) }]),
  ];
  const sections = [
    ...(c.warnings.length > 0
      ? [{ title: "Warnings", markdown: c.warnings.map((w) => `- ${w}`).join("\n") }]
      : []),
    { title: "Method", markdown: methodText(c, input.settings) },
  ];
  const tables = [statsTable(input), ...(c.jobs.length > 0 ? [jobsTable(input)] : [])];
  return {
    title: `Compare ${input.candidateLabel} with ${input.baselineLabel} in ${input.repo}`,
    status: verdictStatus(c),
    summary: compareSummary(c, input),
    fields,
    tables,
    sections,
    charts: c.baseline.executionMs.length + c.candidate.executionMs.length > 0
      ? [chartOf(input)]
      : [],
    links: linksOf(input),
  };
}
