/**
 * Flaky jobs: a job that failed and passed on the same commit, so the code did not decide the
 * outcome. Two kinds of evidence, both from the sampled runs:
 *
 * - the job failed in one run and passed in another run of the same head SHA;
 * - the job passed in a re-run attempt (attempt > 1) of a run that it did not pass the first
 *   time: GitHub lists only the latest attempt, so a job re-run in it is taken as having failed
 *   before. When every job was re-run ("Re-run all jobs") the failing one is unknown and the
 *   run gives no evidence, unless the workflow has one job. Jobs that GitHub re-runs because
 *   they depend on a failed one may also be flagged.
 *
 * @module
 */
import type { JobHistory } from "./model.ts";
import { oldestFirst, ranInLatestAttempt, type RunRecord } from "./records.ts";

/** Evidence of flakiness, per job name. */
export type FlakyEvidence = Map<string, JobHistory["flakyEvidence"]>;

/** At most this many pieces of evidence per job (the report shows a few, not all). */
export const MAX_EVIDENCE = 5;

function add(out: FlakyEvidence, job: string, item: JobHistory["flakyEvidence"][number]) {
  const list = out.get(job) ?? [];
  const seen = list.some((e) =>
    e.headSha === item.headSha && e.failedRunId === item.failedRunId &&
    e.passedRunId === item.passedRunId
  );
  if (!seen && list.length < MAX_EVIDENCE) list.push(item);
  out.set(job, list);
}

/**
 * Flakiness evidence in `records` (any order): per job, re-run evidence first, then same-SHA
 * evidence, each newest first, at most {@linkcode MAX_EVIDENCE}.
 *
 * @example
 * ```ts
 * const evidence = flakyEvidence(records);
 * evidence.get("integration"); // [{ headSha: "abc…", failedRunId: 11, passedRunId: 12 }]
 * ```
 */
export function flakyEvidence(records: readonly RunRecord[]): FlakyEvidence {
  const out: FlakyEvidence = new Map();
  const newestFirst = [...records].sort(oldestFirst).reverse();
  // head SHA → job name → runs in which it failed / passed (newest first).
  const bySha = new Map<string, Map<string, { failed: number[]; passed: number[] }>>();
  for (const { run, jobs } of newestFirst) {
    const byJob = bySha.get(run.headSha) ?? new Map();
    bySha.set(run.headSha, byJob);
    for (const job of jobs) {
      if (job.conclusion !== "failure" && job.conclusion !== "success") continue;
      const entry = byJob.get(job.name) ?? { failed: [], passed: [] };
      byJob.set(job.name, entry);
      (job.conclusion === "failure" ? entry.failed : entry.passed).push(run.id);
    }
    if (run.attempt > 1) {
      const rerun = jobs.filter((j) => ranInLatestAttempt(run, j));
      if (rerun.length < jobs.length || jobs.length === 1) {
        for (const job of rerun) {
          if (job.conclusion !== "success") continue;
          add(out, job.name, { headSha: run.headSha, failedRunId: run.id, passedRunId: run.id });
        }
      }
    }
  }
  for (const [headSha, byJob] of bySha) {
    for (const [job, { failed, passed }] of byJob) {
      const failedRunId = failed.find((id) => passed.some((p) => p !== id));
      const passedRunId = passed.find((id) => id !== failedRunId);
      if (failedRunId !== undefined && passedRunId !== undefined) {
        add(out, job, { headSha, failedRunId, passedRunId });
      }
    }
  }
  return out;
}
