/**
 * One finished run reduced to its timings: what `compare`, run history and scenario results
 * all measure.
 *
 * @module
 */
import type { JobInfo, RunInfo } from "../../providers/port.ts";

/** One completed run reduced to what the comparison needs. Times in milliseconds. */
export interface RunSample {
  runId: number;
  url?: string;
  conclusion: string | null;
  /** From the run's creation to the start of its first job. */
  queueMs: number;
  /** From the first job's start to the last job's completion. */
  executionMs: number;
  jobs: Array<{ name: string; executionMs: number; conclusion: string | null }>;
}

const ms = (iso: string | null | undefined): number | undefined => {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : at;
};

/**
 * Reduces a run and its jobs to a sample. With timed jobs, the run "starts" when its first
 * job starts and "ends" when its last job completes: the run's own `updated_at` moves
 * whenever the run is touched later (re-runs, log deletion), and `run_started_at` is set when
 * the run is created, before any runner picked a job up. Without timed jobs it falls back to
 * `startedAt` (or `createdAt`) → `updatedAt`. Negative spans (clock skew) count as 0.
 *
 * @example
 * ```ts
 * const sample = runSample(run, await provider.listJobs("acme/app", run.id));
 * sample.executionMs; // 362000
 * ```
 */
export function runSample(run: RunInfo, jobs: JobInfo[]): RunSample {
  const created = ms(run.createdAt) ?? 0;
  const timed = jobs.flatMap((j) => {
    const start = ms(j.startedAt);
    const end = ms(j.completedAt);
    return start !== undefined && end !== undefined ? [{ job: j, start, end }] : [];
  });
  const start = timed.length > 0
    ? Math.min(...timed.map((t) => t.start))
    : ms(run.startedAt) ?? created;
  const end = timed.length > 0 ? Math.max(...timed.map((t) => t.end)) : ms(run.updatedAt) ?? start;
  return {
    runId: run.id,
    url: run.url,
    conclusion: run.conclusion,
    queueMs: Math.max(0, start - created),
    executionMs: Math.max(0, end - start),
    jobs: timed.map((t) => ({
      name: t.job.name,
      executionMs: Math.max(0, t.end - t.start),
      conclusion: t.job.conclusion,
    })),
  };
}
