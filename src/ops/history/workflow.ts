/**
 * One workflow's {@linkcode WorkflowHistory} from its sampled runs: composes the computations
 * of this folder. Pure.
 *
 * @module
 */
import type { WorkflowInfo } from "../../providers/port.ts";
import { median, p90 } from "../../stats/quantile.ts";
import { type ChangePointOptions, detectChangePoint } from "./change_point.ts";
import { flakyEvidence } from "./flaky.ts";
import { jobHistories } from "./jobs.ts";
import type { WorkflowHistory } from "./model.ts";
import { oldestFirst, type RunRecord, runTiming, toMs } from "./records.ts";
import { runTraces } from "./runs.ts";
import { failingSteps, slowestSteps } from "./steps.ts";
import { successRate } from "./success.ts";

const WEEK_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;

/** Options of {@linkcode summarizeWorkflow}. */
export interface SummarizeOptions {
  /** Log tails by job id, for the failing steps' excerpts. */
  logs?: ReadonlyMap<number, string>;
  /** Start of the window the runs were sampled from (for runs per week). */
  windowStart: string;
  /** End of the window (now). */
  windowEnd: string;
  changePoint?: ChangePointOptions;
}

/**
 * Runs per week over `[from, to]`, at least a day long so a burst of runs in the last hour
 * does not read as thousands a week.
 *
 * @example
 * ```ts
 * runsPerWeek(60, "2026-10-25T00:00:00Z", "2026-11-24T00:00:00Z"); // 14
 * ```
 */
export function runsPerWeek(runs: number, from: string, to: string): number {
  const span = Math.max(DAY_MS, (toMs(to) ?? 0) - (toMs(from) ?? 0));
  return (runs * WEEK_MS) / span;
}

/**
 * Summarises one workflow. Durations, medians and the change point use successful runs of a
 * first attempt (a failed run stops early; a re-run's timing mixes attempts); the `durations`
 * series keeps every run for the chart. The change point's `index` is the run's position among
 * all sampled runs, oldest first, 1-based.
 *
 * @example
 * ```ts
 * const h = summarizeWorkflow(info, records, { windowStart: since, windowEnd: now });
 * h.changePoint?.index; // 40
 * ```
 */
export function summarizeWorkflow(
  info: Pick<WorkflowInfo, "name" | "path">,
  records: readonly RunRecord[],
  options: SummarizeOptions,
): WorkflowHistory {
  const ordered = [...records].sort(oldestFirst);
  const timed = ordered.map((r) => ({ record: r, ...runTiming(r) }));
  const clean = timed.filter((t) =>
    t.record.run.conclusion === "success" && t.record.run.attempt === 1
  );
  const okMs = clean.map((t) => t.executionMs);
  const change = detectChangePoint(okMs, options.changePoint);
  const first = change ? clean[change.index].record.run : undefined;
  const rate = successRate(ordered.map((r) => r.run.conclusion));
  const flaky = flakyEvidence(ordered);
  const jobs = jobHistories(ordered, flaky);
  const logs = options.logs ?? new Map<number, string>();
  return {
    workflow: info.path,
    name: info.name,
    runsSampled: ordered.length,
    window: {
      from: ordered[0]?.run.createdAt ?? options.windowStart,
      to: ordered.at(-1)?.run.createdAt ?? options.windowEnd,
    },
    successRate: rate.rate,
    trend: rate.trend,
    durationMedianMs: okMs.length ? median(okMs) : 0,
    durationP90Ms: okMs.length ? p90(okMs) : 0,
    queueMedianMs: timed.length ? median(timed.map((t) => t.queueMs)) : 0,
    ...(change && first
      ? {
        changePoint: {
          runId: first.id,
          ...(first.runNumber ? { runNumber: first.runNumber } : {}),
          at: first.createdAt,
          index: ordered.findIndex((r) => r.run.id === first.id) + 1,
          beforeMedianMs: change.beforeMedian,
          afterMedianMs: change.afterMedian,
        },
      }
      : {}),
    jobs,
    slowestSteps: slowestSteps(ordered, 20),
    failingSteps: failingSteps(ordered, 10).map(({ lastJobId, ...step }) => {
      const excerpt = logs.get(lastJobId);
      return excerpt ? { ...step, excerpt } : step;
    }),
    billableMinutes: jobs.reduce((s, j) => s + j.billableMinutes, 0),
    runsPerWeek: runsPerWeek(ordered.length, options.windowStart, options.windowEnd),
    durations: timed.map((t) => ({
      runId: t.record.run.id,
      ...(t.record.run.runNumber ? { runNumber: t.record.run.runNumber } : {}),
      at: t.record.run.createdAt,
      ms: t.executionMs,
      conclusion: t.record.run.conclusion,
      // The run page, for links from the report (the first slow run, a flaky failure).
      ...(t.record.run.url ? { url: t.record.run.url } : {}),
    })),
    runs: runTraces(ordered),
  };
}
