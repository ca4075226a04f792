/**
 * Timeouts from observed job durations: p99 × 1.5 rounded up, never below the longest observed
 * successful run, at least 10 minutes; none without history. And what such a timeout would have
 * saved: the time failed or cancelled job runs kept running beyond it.
 *
 * @module
 */
import { quantile } from "../../stats/quantile.ts";
import type { JobSpan, WorkflowHistory } from "../history/model.ts";
import type { Job, WorkflowFile } from "../../workflow/model.ts";
import { jobMatcher } from "./measure.ts";

/** The lowest timeout proposed, in minutes. */
export const MIN_TIMEOUT_MINUTES = 10;
/** Headroom over the observed p99. */
export const P99_FACTOR = 1.5;

/** A proposed timeout and what it rests on. */
export interface TimeoutChoice {
  minutes: number;
  /** Successful runs of the job measured. */
  runs: number;
  p99Ms: number;
  maxMs: number;
  /** The rule applied, with the measured numbers. */
  basis: string;
}

const min1 = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

/**
 * The job's runs in the sampled history (every matrix entry), oldest first.
 *
 * @example
 * ```ts
 * jobSpans(wf, job).length; // 60
 * ```
 */
export function jobSpans(
  wf: WorkflowHistory | undefined,
  job: Pick<Job, "id" | "name">,
): JobSpan[] {
  if (!wf?.runs) return [];
  const matches = jobMatcher(job);
  return wf.runs.flatMap((r) => r.jobs.filter((j) => matches(j.name)));
}

/**
 * The timeout to propose for `jobId`, or undefined when the history has no successful run of it.
 *
 * @example
 * ```ts
 * timeoutFor(file, "test", wf)?.minutes; // 12 for a p99 of 7.4 min and a maximum of 7.6 min
 * ```
 */
export function timeoutFor(
  file: WorkflowFile,
  jobId: string,
  wf: WorkflowHistory | undefined,
): TimeoutChoice | undefined {
  const job = file.kind === "workflow" ? file.jobs.find((j) => j.id === jobId) : undefined;
  if (!job) return undefined;
  const ok = jobSpans(wf, job).filter((s) => s.conclusion === "success")
    .map((s) => s.endMs - s.startMs);
  if (ok.length === 0) return undefined;
  const p99Ms = quantile(ok, 0.99);
  const maxMs = Math.max(...ok);
  const minutes = Math.max(
    Math.ceil((p99Ms / 60_000) * P99_FACTOR),
    Math.ceil(maxMs / 60_000),
    MIN_TIMEOUT_MINUTES,
  );
  return {
    minutes,
    runs: ok.length,
    p99Ms,
    maxMs,
    basis: `max(p99 ${min1(p99Ms)} × ${P99_FACTOR} rounded up, longest ${min1(maxMs)}, ` +
      `${MIN_TIMEOUT_MINUTES} min) over ${ok.length} successful runs`,
  };
}

/**
 * Failed or cancelled runs of the job that went on past `minutes`, and by how much in total.
 *
 * @example
 * ```ts
 * overruns(wf, job, 12); // { count: 1, overMs: 20_880_000 }
 * ```
 */
export function overruns(
  wf: WorkflowHistory | undefined,
  job: Pick<Job, "id" | "name">,
  minutes: number,
): { count: number; overMs: number } {
  const limit = minutes * 60_000;
  const over = jobSpans(wf, job)
    .filter((s) => s.conclusion !== "success" && s.endMs - s.startMs > limit);
  return {
    count: over.length,
    overMs: over.reduce((sum, s) => sum + (s.endMs - s.startMs - limit), 0),
  };
}
