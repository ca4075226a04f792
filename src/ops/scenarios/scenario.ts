/**
 * A scenario: one dispatched workflow run that a job follows to completion, and what it found
 * (shared by `test` and active `compare`).
 *
 * @module
 */
import { z } from "zod";
import type { StepContext } from "../../jobs/definition.ts";
import type { JobInfo, RunInfo } from "../../providers/port.ts";
import { runSample } from "../history/run_sample.ts";

/** Lines of a failed job's log kept in the report. */
export const LOG_TAIL_LINES = 30;

/**
 * One scenario's persisted state.
 *
 * @example
 * ```ts
 * ScenarioSchema.parse({ label: "default", inputs: {}, status: "pending" });
 * ```
 */
export const ScenarioSchema = z.object({
  label: z.string(),
  /** Inputs sent with the dispatch (matrix values, user inputs, correlation id). */
  inputs: z.record(z.string(), z.string()),
  /** Value of the correlation input, when the workflow declares one. */
  correlationId: z.string().optional(),
  /** Workflow path, when it differs from the job's (active compare dispatches two). */
  workflow: z.string().optional(),
  /** Ref, when it differs from the job's (active compare of two branches). */
  ref: z.string().optional(),
  /** Which side of a comparison the scenario belongs to. */
  side: z.enum(["baseline", "candidate"]).optional(),
  /** A warm-up run: dispatched and followed, left out of the statistics. */
  warmup: z.boolean().optional(),
  /** Set when the scenario follows an existing run (re-run of failed jobs) instead of dispatching. */
  rerunOf: z.number().optional(),
  status: z.enum(["pending", "dispatched", "queued", "in_progress", "completed", "cancelled"]),
  dispatchedAt: z.string().optional(),
  runId: z.number().optional(),
  runUrl: z.string().optional(),
  conclusion: z.string().nullable().optional(),
  queueMs: z.number().optional(),
  executionMs: z.number().optional(),
  jobs: z.array(z.object({
    name: z.string(),
    conclusion: z.string().nullable(),
    executionMs: z.number(),
  })).optional(),
  failedStep: z.object({ job: z.string(), step: z.string() }).optional(),
  logTail: z.string().optional(),
  artifacts: z.array(z.object({ name: z.string(), sizeBytes: z.number() })).optional(),
});
/** One scenario. */
export type Scenario = z.infer<typeof ScenarioSchema>;

/** Whether a scenario needs no more polling. */
export const isSettled = (s: Scenario): boolean =>
  s.status === "completed" || s.status === "cancelled";

/** Whether a scenario has a run on the CI system that is not finished. */
export const isLive = (s: Scenario): boolean => s.runId !== undefined && !isSettled(s);

/**
 * The first failed step of the first failed job, for the results table.
 *
 * @example
 * ```ts
 * firstFailure([{ name: "test", conclusion: "failure", steps: [{ name: "pytest", conclusion: "failure" }] }]);
 * // { job: "test", step: "pytest", jobId: … }
 * ```
 */
export function firstFailure(
  jobs: Array<Pick<JobInfo, "id" | "name" | "conclusion" | "steps">>,
): { job: string; step: string; jobId: number } | undefined {
  const job = jobs.find((j) => j.conclusion === "failure" || j.conclusion === "timed_out");
  if (!job) return undefined;
  const step = job.steps.find((s) => s.conclusion === "failure" || s.conclusion === "timed_out");
  return { job: job.name, step: step?.name ?? "(no failed step reported)", jobId: job.id };
}

/**
 * Updates a scenario from its run; when the run has completed, collects jobs, the failed step
 * with a log tail, timings and artifacts.
 *
 * @example
 * ```ts
 * // const next = await observe(scenario, await provider.getRun(repo, scenario.runId!), repo, ctx);
 * ```
 */
export async function observe(
  scenario: Scenario,
  run: RunInfo,
  repo: string,
  ctx: StepContext,
): Promise<Scenario> {
  const runUrl = run.url;
  if (run.status !== "completed") {
    const status = run.status === "in_progress" ? "in_progress" : "queued";
    return { ...scenario, status, runUrl };
  }
  const jobs = await ctx.provider.listJobs(repo, run.id);
  const sample = runSample(run, jobs);
  const failure = firstFailure(jobs);
  let logTail: string | undefined;
  if (failure) {
    // A missing log (expired, or no permission) must not hide the result itself.
    logTail = await ctx.provider.jobLogTail(repo, failure.jobId, LOG_TAIL_LINES).catch(
      (error) => {
        ctx.log.warn("job log not available", { runId: run.id, error });
        return undefined;
      },
    );
  }
  const artifacts = await ctx.provider.listArtifacts(repo, run.id).catch(() => []);
  return {
    ...scenario,
    status: "completed",
    runUrl,
    conclusion: run.conclusion,
    queueMs: sample.queueMs,
    executionMs: sample.executionMs,
    jobs: sample.jobs,
    ...(failure ? { failedStep: { job: failure.job, step: failure.step } } : {}),
    ...(logTail ? { logTail } : {}),
    artifacts: artifacts.map((a) => ({ name: a.name, sizeBytes: a.sizeBytes })),
  };
}
