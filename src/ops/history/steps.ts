/**
 * Step-level history: the slowest steps (of successful job runs, so an early failure does not
 * look fast) and the steps that fail most often.
 *
 * @module
 */
import { median, p90 } from "../../stats/quantile.ts";
import type { FailingStep, StepHistory } from "./model.ts";
import { oldestFirst, type RunRecord, toMs } from "./records.ts";

/** How a failed job with no failed step is named in {@linkcode failingSteps}. */
export const NO_FAILED_STEP = "(no step failed: set-up, timeout or cancellation)";

/**
 * Per (job, step): runs, median and p90 of successful job runs, slowest median first.
 *
 * @example
 * ```ts
 * slowestSteps(records, 20)[0]; // { job: "test", step: "npm ci", runs: 40, medianMs: 74000, p90Ms: 91000 }
 * ```
 */
export function slowestSteps(records: readonly RunRecord[], limit = 20): StepHistory[] {
  const times = new Map<string, { job: string; step: string; ms: number[] }>();
  for (const { jobs } of records) {
    for (const job of jobs) {
      if (job.conclusion !== "success") continue;
      for (const step of job.steps) {
        const start = toMs(step.startedAt);
        const end = toMs(step.completedAt);
        if (start === undefined || end === undefined || step.conclusion === "skipped") continue;
        const key = `${job.name}\u0000${step.name}`;
        const entry = times.get(key) ?? { job: job.name, step: step.name, ms: [] };
        entry.ms.push(Math.max(0, end - start));
        times.set(key, entry);
      }
    }
  }
  return [...times.values()]
    .map(({ job, step, ms }) => ({
      job,
      step,
      runs: ms.length,
      medianMs: median(ms),
      p90Ms: p90(ms),
    }))
    .sort((a, b) =>
      b.medianMs - a.medianMs || a.job.localeCompare(b.job) || a.step.localeCompare(b.step)
    )
    .slice(0, limit);
}

/** A failing step and the job run of its most recent failure (whose log to read). */
export interface FailingStepSource extends FailingStep {
  lastJobId: number;
}

/**
 * Failed job runs grouped by their first failed step, most frequent first (then most recent).
 *
 * @example
 * ```ts
 * failingSteps(records, 10)[0]; // { job: "integration", step: "Run tests", failures: 6, lastRunId: 9, lastJobId: 90 }
 * ```
 */
export function failingSteps(records: readonly RunRecord[], limit = 10): FailingStepSource[] {
  const out = new Map<string, FailingStepSource & { order: number }>();
  const ordered = [...records].sort(oldestFirst);
  ordered.forEach(({ run, jobs }, order) => {
    for (const job of jobs) {
      if (job.conclusion !== "failure") continue;
      const step = job.steps.find((s) => s.conclusion === "failure")?.name ?? NO_FAILED_STEP;
      const key = `${job.name}\u0000${step}`;
      const entry = out.get(key) ??
        { job: job.name, step, failures: 0, lastRunId: run.id, lastJobId: job.id, order };
      entry.failures++;
      Object.assign(entry, { lastRunId: run.id, lastJobId: job.id, order });
      out.set(key, entry);
    }
  });
  return [...out.values()]
    .sort((a, b) => b.failures - a.failures || b.order - a.order)
    .slice(0, limit)
    .map(({ order: _order, ...rest }) => rest);
}
