/**
 * The run-history half of the `analyze` report: fields, tables, sections and charts from a
 * {@linkcode RepoHistory}, plus the concerns (a regression, a flaky job) that raise the
 * report's status.
 *
 * @module
 */
import { codeBlock, escapeMarkdownText } from "../../report/markup.ts";
import type { Chart, Field, Section, Table } from "../../report/model.ts";
import { formatDuration } from "../../report/format.ts";
import { OS_MULTIPLIER } from "../history/billing.ts";
import type { RepoHistory, WorkflowHistory } from "../history/model.ts";
import { runLabel } from "../history/run_label.ts";
import { successRate, trendArrow } from "../history/success.ts";

/** The report parts built from history. */
export interface HistoryReportParts {
  fields: Field[];
  tables: Table[];
  sections: Section[];
  charts: Chart[];
  /** Sentences worth a warning status ("ci.yml got slower from run #40 on 2 Nov 2026 …"). */
  concerns: string[];
}

/** Workflows drawn in the charts at most (the busiest), so a chart stays readable. */
export const MAX_CHARTED_WORKFLOWS = 5;
const MAX_ROWS = 15;
// Chat sections hold ~3,000 characters; the report page shows the same text.
const MAX_EXCERPT_CHARS = 800;
const MAX_EXCERPTS_CHARS = 2_800;

const clip = (text: string) =>
  text.length > MAX_EXCERPT_CHARS ? `…${text.slice(text.length - MAX_EXCERPT_CHARS)}` : text;

const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const pct = (x: number) => (Number.isNaN(x) ? "—" : `${Math.round(x * 100)}%`);
const seconds = (ms: number) => Math.round(ms / 100) / 10;
// "2 Nov 2026": a date people read without parsing, the same in every time zone.
const longDay = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
const perWeek = (w: WorkflowHistory, value: number) =>
  w.runsSampled === 0 ? 0 : (value * w.runsPerWeek) / w.runsSampled;
const round = (x: number) => Math.round(x).toLocaleString("en-US");

/**
 * The change point of a workflow in words.
 *
 * @example
 * ```ts
 * describeChange(history);
 * // "ci.yml got slower from run 1234 on 2 Nov 2026 (run 40 of the 60 sampled): median 6m 10s → 8m 45s (+42%)."
 * ```
 */
export function describeChange(w: WorkflowHistory): string | undefined {
  const c = w.changePoint;
  if (!c) return undefined;
  const slower = c.afterMedianMs > c.beforeMedianMs;
  const change = c.beforeMedianMs > 0
    ? ` (${slower ? "+" : "−"}${
      Math.round(Math.abs(c.afterMedianMs / c.beforeMedianMs - 1) * 100)
    }%)`
    : "";
  return `${basename(w.workflow)} got ${slower ? "slower" : "faster"} from ${runLabel(c)} on ` +
    `${longDay(c.at)} (run ${c.index} of the ${w.runsSampled} sampled): median ${
      formatDuration(c.beforeMedianMs)
    } → ` +
    `${formatDuration(c.afterMedianMs)}${change}.`;
}

function evidenceText(e: { headSha: string; failedRunId: number; passedRunId: number }): string {
  const sha = e.headSha.slice(0, 7);
  return e.failedRunId === e.passedRunId
    ? `run ${e.passedRunId} passed on a re-run (${sha})`
    : `failed in run ${e.failedRunId}, passed in run ${e.passedRunId} (${sha})`;
}

/**
 * Report parts for `history`; empty tables and charts are left out.
 *
 * @example
 * ```ts
 * const parts = historyReport(await collectRepoHistory(provider, "acme/app", { since }));
 * parts.charts[0].series[0].points.length; // 60
 * ```
 */
export function historyReport(history: RepoHistory): HistoryReportParts {
  const ws = [...history.workflows].filter((w) => w.runsSampled > 0)
    .sort((a, b) => b.runsSampled - a.runsSampled || a.workflow.localeCompare(b.workflow));
  const busiest = ws[0];
  const multi = ws.length > 1;
  const rate = successRate(ws.flatMap((w) => w.durations.map((d) => d.conclusion)));
  const billablePerWeek = ws.reduce((s, w) => s + perWeek(w, w.billableMinutes), 0);
  const fields: Field[] = [
    {
      label: "Success rate",
      value: `${pct(rate.rate.estimate)} of ${rate.counted} runs ` +
        `(95% CI ${pct(rate.rate.lower)}–${pct(rate.rate.upper)})`,
    },
    {
      label: multi
        ? `Median / p90 duration (${basename(busiest.workflow)})`
        : "Median / p90 duration",
      value: `${formatDuration(busiest.durationMedianMs)} / ${
        formatDuration(busiest.durationP90Ms)
      }`,
    },
    { label: "Billable minutes / week", value: `≈ ${round(billablePerWeek)}` },
  ];

  const concerns: string[] = [];
  const changes = ws.flatMap((w) => describeChange(w) ?? []);
  for (const w of ws) {
    const c = w.changePoint;
    if (c && c.afterMedianMs > c.beforeMedianMs) concerns.push(describeChange(w)!);
  }
  const flaky = ws.flatMap((w) => w.jobs.filter((j) => j.flaky).map((j) => ({ w, j })));
  for (const { w, j } of flaky) concerns.push(`Job ${j.name} in ${basename(w.workflow)} is flaky.`);

  const tables: Table[] = [{
    title: "Run history per workflow",
    columns: [
      "Workflow",
      "Runs",
      "Success",
      "Trend",
      "Median",
      "p90",
      "Queue",
      "Billable min/week",
    ],
    rows: ws.map((w) => [
      w.workflow,
      String(w.runsSampled),
      pct(w.successRate.estimate),
      trendArrow(w.trend),
      formatDuration(w.durationMedianMs),
      formatDuration(w.durationP90Ms),
      formatDuration(w.queueMedianMs),
      round(perWeek(w, w.billableMinutes)),
    ]),
  }];
  const jobs = ws.flatMap((w) => w.jobs.map((j) => ({ w, j })))
    .sort((a, b) => b.j.medianMs - a.j.medianMs).slice(0, MAX_ROWS);
  tables.push({
    title: "Slowest jobs",
    columns: [
      "Workflow",
      "Job",
      "Runs",
      "Failures",
      "Median",
      "p90",
      "Queue",
      "Runner",
      "Billable min",
    ],
    rows: jobs.map(({ w, j }) => [
      basename(w.workflow),
      j.name,
      String(j.runs),
      String(j.failures),
      formatDuration(j.medianMs),
      formatDuration(j.p90Ms),
      formatDuration(j.queueMedianMs),
      j.selfHosted ? `${j.os}, self-hosted` : `${j.os} ×${OS_MULTIPLIER[j.os]}`,
      String(j.billableMinutes),
    ]),
  });
  const steps = ws.flatMap((w) => w.slowestSteps.map((s) => ({ w, s })))
    .sort((a, b) => b.s.medianMs - a.s.medianMs).slice(0, MAX_ROWS);
  if (steps.length) {
    tables.push({
      title: "Slowest steps",
      columns: ["Workflow", "Job", "Step", "Runs", "Median", "p90"],
      rows: steps.map(({ w, s }) => [
        basename(w.workflow),
        s.job,
        s.step,
        String(s.runs),
        formatDuration(s.medianMs),
        formatDuration(s.p90Ms),
      ]),
    });
  }
  if (flaky.length) {
    tables.push({
      title: "Flaky jobs",
      columns: ["Workflow", "Job", "Runs", "Failures", "Evidence"],
      rows: flaky.map(({ w, j }) => [
        basename(w.workflow),
        j.name,
        String(j.runs),
        String(j.failures),
        j.flakyEvidence.map(evidenceText).join("; "),
      ]),
    });
  }
  const failing = ws.flatMap((w) => w.failingSteps.map((f) => ({ w, f })))
    .sort((a, b) => b.f.failures - a.f.failures).slice(0, MAX_ROWS);
  if (failing.length) {
    tables.push({
      title: "Failing steps",
      columns: ["Workflow", "Job", "Step", "Failures", "Last failed run"],
      rows: failing.map(({ w, f }) => [
        basename(w.workflow),
        f.job,
        f.step,
        String(f.failures),
        String(f.lastRunId),
      ]),
    });
  }

  const sections: Section[] = [];
  if (changes.length) sections.push({ title: "Duration changes", markdown: changes.join("\n") });
  const blocks: string[] = [];
  for (const { w, f } of failing.filter(({ f }) => f.excerpt).slice(0, 5)) {
    const where = escapeMarkdownText(`${basename(w.workflow)} › ${f.job} › ${f.step}`);
    const block = `**${where}** (${f.failures} failures, last in ${
      runLabel({
        runId: f.lastRunId,
        runNumber: w.durations.find((d) => d.runId === f.lastRunId)?.runNumber,
      })
    })\n` +
      codeBlock(clip(f.excerpt!));
    if ([...blocks, block].join("\n\n").length > MAX_EXCERPTS_CHARS) break;
    blocks.push(block);
  }
  if (blocks.length) sections.push({ title: "Log excerpts", markdown: blocks.join("\n\n") });

  const charted = ws.slice(0, MAX_CHARTED_WORKFLOWS);
  const charts: Chart[] = [{
    title: "Duration per run (oldest first)",
    kind: "line",
    unit: "s",
    axes: { x: "Run, oldest first", y: "Duration" },
    series: charted.map((w) => ({
      name: basename(w.workflow),
      points: w.durations.map((d, i) => ({
        x: i + 1,
        y: seconds(d.ms),
        ...(d.conclusion === "failure" ? { failed: true } : {}),
      })),
    })),
    markers: charted.flatMap((w) =>
      w.changePoint
        ? [{
          x: w.changePoint.index,
          label: `${basename(w.workflow)} ${
            w.changePoint.afterMedianMs > w.changePoint.beforeMedianMs ? "slower" : "faster"
          } from ${runLabel(w.changePoint)}`,
        }]
        : []
    ),
  }];
  const jobSeries = charted
    .map((w) => ({
      name: basename(w.workflow),
      points: w.jobs.filter((j) => j.medianMs > 0).map((j) => ({
        x: j.name,
        y: seconds(j.medianMs),
      })),
    }))
    .filter((s) => s.points.length > 0);
  if (jobSeries.length) {
    charts.push({
      title: "Median job duration",
      kind: "bar",
      unit: "s",
      axes: { x: "Job", y: "Median duration" },
      series: jobSeries,
    });
  }
  return { fields, tables, sections, charts, concerns };
}
