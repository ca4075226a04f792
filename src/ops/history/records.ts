/**
 * A sampled run with its jobs, and the timing facts derived from it that every history
 * computation shares.
 *
 * @module
 */
import type { JobInfo, RunInfo } from "../../providers/port.ts";
import { runSample } from "./run_sample.ts";

/**
 * A job as the provider lists it, plus fields some providers know and the port does not carry
 * yet (GitHub's `created_at` and `run_attempt`); used when present, inferred when not.
 */
export type HistoryJob = JobInfo & { createdAt?: string | null; runAttempt?: number };

/** One completed run and the jobs of its latest attempt. */
export interface RunRecord {
  run: RunInfo;
  jobs: HistoryJob[];
}

/** Outcomes that are a person's or a concurrency group's decision, not the workflow's result. */
export const NOT_AN_OUTCOME: ReadonlySet<string> = new Set([
  "cancelled",
  "skipped",
  "stale",
  "neutral",
  "action_required",
]);

/**
 * Milliseconds since the epoch of an ISO time, or undefined when absent or unparseable.
 *
 * @example
 * ```ts
 * toMs("2026-11-24T00:00:01Z"); // 1795478401000
 * ```
 */
export function toMs(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : at;
}

/**
 * A job's execution time, or undefined when it has no start or end.
 *
 * @example
 * ```ts
 * jobMs({ startedAt: "2026-11-24T10:00:00Z", completedAt: "2026-11-24T10:01:00Z" }); // 60000
 * ```
 */
export function jobMs(job: Pick<JobInfo, "startedAt" | "completedAt">): number | undefined {
  const start = toMs(job.startedAt);
  const end = toMs(job.completedAt);
  return start === undefined || end === undefined ? undefined : Math.max(0, end - start);
}

/**
 * Whether the job ran in the run's latest attempt (rather than being carried over from an
 * earlier one). GitHub lists a carried-over job with its original times, which precede the
 * latest attempt's `run_started_at`; a provider that reports `runAttempt` settles it directly.
 *
 * @example
 * ```ts
 * ranInLatestAttempt(record.run, record.jobs[0]); // true for every job of a first attempt
 * ```
 */
export function ranInLatestAttempt(run: RunInfo, job: HistoryJob): boolean {
  if (run.attempt <= 1) return true;
  if (job.runAttempt !== undefined) return job.runAttempt === run.attempt;
  const attemptStart = toMs(run.startedAt);
  const jobStart = toMs(job.startedAt);
  return attemptStart === undefined || jobStart === undefined || jobStart >= attemptStart;
}

/**
 * Execution and queue time of a run, as `compare` derives them (first job start → last job
 * end; creation → first job start). For a re-run only the latest attempt's own jobs count, so
 * hours between the first attempt and the re-run do not show as execution time.
 *
 * @example
 * ```ts
 * runTiming(record); // { executionMs: 362000, queueMs: 8000 }
 * ```
 */
export function runTiming(record: RunRecord): { executionMs: number; queueMs: number } {
  const jobs = record.run.attempt > 1
    ? record.jobs.filter((j) => ranInLatestAttempt(record.run, j))
    : record.jobs;
  const run = record.run.attempt > 1 && record.run.startedAt
    ? { ...record.run, createdAt: record.run.startedAt }
    : record.run;
  const sample = runSample(run, jobs);
  return { executionMs: sample.executionMs, queueMs: sample.queueMs };
}

/**
 * Oldest first by creation time, then by id.
 *
 * @example
 * ```ts
 * const ordered = [...records].sort(oldestFirst);
 * ```
 */
export const oldestFirst = (a: RunRecord, b: RunRecord): number =>
  a.run.createdAt.localeCompare(b.run.createdAt) || a.run.id - b.run.id;
