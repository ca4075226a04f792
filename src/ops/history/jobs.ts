/**
 * Job-level history: per job name, how often it ran and failed, how long it took and waited,
 * what it cost, and whether it is flaky.
 *
 * @module
 */
import { median, p90 } from "../../stats/quantile.ts";
import { billableMinutes, runnerOf } from "./billing.ts";
import type { FlakyEvidence } from "./flaky.ts";
import type { JobHistory } from "./model.ts";
import { jobMs, type RunRecord, toMs } from "./records.ts";

interface Acc {
  runs: number;
  failures: number;
  okMs: number[];
  queueMs: number[];
  billable: number;
  labels: string[];
}

/**
 * Per job name, slowest median first (jobs without a successful run last). Durations and
 * medians come from successful runs of the job; billable minutes count every run that used a
 * runner. Queue time is from the job's creation to its start; when the provider does not give
 * the job's creation time, from the run's (so it includes waiting for `needs`).
 *
 * @example
 * ```ts
 * jobHistories(records, flakyEvidence(records))[0].name; // "integration"
 * ```
 */
export function jobHistories(records: readonly RunRecord[], flaky: FlakyEvidence): JobHistory[] {
  const acc = new Map<string, Acc>();
  for (const { run, jobs } of records) {
    for (const job of jobs) {
      if (job.conclusion === "skipped" || job.conclusion === null) continue;
      const a = acc.get(job.name) ??
        { runs: 0, failures: 0, okMs: [], queueMs: [], billable: 0, labels: job.labels };
      acc.set(job.name, a);
      a.runs++;
      if (job.conclusion === "failure") a.failures++;
      const ms = jobMs(job);
      if (ms !== undefined) {
        a.billable += billableMinutes(ms, runnerOf(job.labels));
        if (job.conclusion === "success") a.okMs.push(ms);
      }
      const created = toMs(job.createdAt ?? run.createdAt);
      const started = toMs(job.startedAt);
      if (created !== undefined && started !== undefined) {
        a.queueMs.push(Math.max(0, started - created));
      }
    }
  }
  return [...acc.entries()]
    .map(([name, a]): JobHistory => {
      const runner = runnerOf(a.labels);
      const evidence = flaky.get(name) ?? [];
      return {
        name,
        runs: a.runs,
        failures: a.failures,
        medianMs: a.okMs.length ? median(a.okMs) : 0,
        p90Ms: a.okMs.length ? p90(a.okMs) : 0,
        queueMedianMs: a.queueMs.length ? median(a.queueMs) : 0,
        os: runner.os,
        selfHosted: runner.selfHosted,
        billableMinutes: a.billable,
        flaky: evidence.length > 0,
        flakyEvidence: evidence,
      };
    })
    .sort((x, y) => y.medianMs - x.medianMs || x.name.localeCompare(y.name));
}
