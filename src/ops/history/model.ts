/**
 * What run-history analysis finds, per workflow and job: the contract between `analyze` (which
 * reports it) and `optimize` (which turns it into estimated savings).
 *
 * @module
 */
import type { Interval } from "../../stats/interval.ts";

/** A job's history over the sampled runs. Times in milliseconds. */
export interface JobHistory {
  name: string;
  /** Runs in which this job ran (completed, not skipped). */
  runs: number;
  failures: number;
  medianMs: number;
  p90Ms: number;
  /** Median time from the job's creation to its start (waiting for a runner). */
  queueMedianMs: number;
  /** Runner OS from the job's labels: linux, windows, macos, or unknown (self-hosted…). */
  os: "linux" | "windows" | "macos" | "unknown";
  /** Whether the runner is self-hosted (not billed by GitHub). */
  selfHosted: boolean;
  /** Billable minutes over the sampled runs: each job rounded up to the minute, × OS multiplier. */
  billableMinutes: number;
  /** Failed and passed on the same head SHA, or passed on a re-run attempt. */
  flaky: boolean;
  /** Evidence for `flaky`: the run ids and SHAs involved, for the report. */
  flakyEvidence: Array<{ headSha: string; failedRunId: number; passedRunId: number }>;
}

/** A step's history (steps of successful job runs only). */
export interface StepHistory {
  job: string;
  step: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
}

/** A step that fails often, with a log excerpt from its most recent failure. */
export interface FailingStep {
  job: string;
  step: string;
  failures: number;
  /** The last lines of the most recent failing job's log, when it could be read. */
  excerpt?: string;
  lastRunId: number;
}

/** When a workflow got slower (or faster): the run where the median shifted. */
export interface ChangePoint {
  runId: number;
  /** The run's number ("#38"), when the provider gives it. */
  runNumber?: number;
  /** ISO creation time of the first run after the change. */
  at: string;
  /** 1-based position of that run in the sample, oldest first. */
  index: number;
  beforeMedianMs: number;
  afterMedianMs: number;
}

/** One job's run inside a {@linkcode RunTrace}. Times in milliseconds since the epoch. */
export interface JobSpan {
  name: string;
  startMs: number;
  endMs: number;
  conclusion: string | null;
}

/** What one sampled run did, for savings measured from the actual sequence of runs. */
export interface RunTrace {
  runId: number;
  event: string;
  /** Head branch (a pull request's source branch for `pull_request` runs). */
  branch: string | null;
  headSha: string;
  createdMs: number;
  /** The last job's end (the run's last update when no job ran). */
  endMs: number;
  jobs: JobSpan[];
}

/** One workflow's history over the window. */
export interface WorkflowHistory {
  /** Workflow file path. */
  workflow: string;
  name: string;
  /** Completed runs looked at. */
  runsSampled: number;
  /** ISO times of the oldest and newest sampled run. */
  window: { from: string; to: string };
  /** Success rate over all completed runs (cancelled and skipped left out). */
  successRate: Interval;
  /** Success rate of the newer and the older half, for the trend. */
  trend: { recent: number; previous: number };
  /** Execution time of successful runs. */
  durationMedianMs: number;
  durationP90Ms: number;
  queueMedianMs: number;
  changePoint?: ChangePoint;
  /** Slowest first. */
  jobs: JobHistory[];
  /** Slowest first, at most 20. */
  slowestSteps: StepHistory[];
  /** Most frequent first, at most 10. */
  failingSteps: FailingStep[];
  billableMinutes: number;
  /** Completed runs per week over the window, for savings estimates. */
  runsPerWeek: number;
  /** Oldest first: each sampled run's execution time, for the duration trend chart. */
  durations: Array<
    {
      runId: number;
      /** The run's number ("#38"), when the provider gives it. */
      runNumber?: number;
      at: string;
      ms: number;
      conclusion: string | null;
      url?: string;
    }
  >;
  /** Oldest first: every sampled run's branch, commit and job spans (absent in old data). */
  runs?: RunTrace[];
}

/** History of a repository's workflows, and what it cost to read. */
export interface RepoHistory {
  repo: string;
  workflows: WorkflowHistory[];
  /** What was sampled, in words ("the last 100 completed runs of each of 3 workflows, 30 days"). */
  sampled: string;
  /** API use for this analysis. */
  apiCalls: { requests: number; rateLimited: number; notModified: number };
}
