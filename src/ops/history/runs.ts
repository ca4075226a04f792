/**
 * Per-run traces: the branch, commit, event and job spans of every sampled run, kept so that
 * savings (superseded runs, job overruns) can be measured from what happened rather than
 * assumed.
 *
 * @module
 */
import type { RunTrace } from "./model.ts";
import { oldestFirst, type RunRecord, toMs } from "./records.ts";

/**
 * One trace per record, oldest first. Jobs without a start or end (never picked up) are left
 * out: they used no runner time. A run's end is its last job's end, else its `updatedAt`.
 *
 * @example
 * ```ts
 * runTraces(records)[0]; // { runId: 1, event: "pull_request", branch: "fix", headSha: "ab…", … }
 * ```
 */
export function runTraces(records: readonly RunRecord[]): RunTrace[] {
  return [...records].sort(oldestFirst).map(({ run, jobs }) => {
    const spans = jobs.flatMap((job) => {
      const startMs = toMs(job.startedAt);
      const endMs = toMs(job.completedAt);
      return startMs === undefined || endMs === undefined ? [] : [{
        name: job.name,
        startMs,
        endMs: Math.max(startMs, endMs),
        conclusion: job.conclusion,
      }];
    });
    const createdMs = toMs(run.createdAt) ?? 0;
    const endMs = spans.length
      ? Math.max(...spans.map((s) => s.endMs))
      : toMs(run.updatedAt) ?? createdMs;
    return {
      runId: run.id,
      event: run.event,
      branch: run.headBranch,
      headSha: run.headSha,
      createdMs,
      endMs,
      jobs: spans,
    };
  });
}
