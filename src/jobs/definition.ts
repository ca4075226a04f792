/**
 * What a long operation looks like to the durable job runner: a plan made before the job is
 * accepted (so bad input is refused at once), then resumable steps over a persisted, schema-
 * checked state. A restart re-runs the current step; steps with outside effects go through
 * `once`, so a dispatch is never repeated.
 *
 * @module
 */
import type { z } from "zod";
import type { Intent } from "../intent/schema.ts";
import type { Logger } from "../log.ts";
import type { CIProvider } from "../providers/port.ts";
import type { ReportInput } from "../report/model.ts";
import type { Presets } from "../workflow/presets.ts";
import type { JobRecord } from "./model.ts";

/** What planning may use. */
export interface PlanContext {
  provider: CIProvider;
  log: Logger;
  now: () => Date;
  /** Repository used when the intent names none. */
  defaultRepo?: string;
  /** Matrix presets from the policy file; a repository's own presets override them. */
  policyPresets?: Presets;
  /** Who asked (the job's request metadata): `login` links this person. */
  requester?: JobRecord["meta"];
}

/** What `once` tells its function. */
export interface OnceInfo {
  /** An earlier attempt started and never recorded a result. */
  resumed: boolean;
  /** When the first attempt started (ISO), for finding what it did. */
  startedAt: string;
}

/** What a step may use. */
export interface StepContext extends PlanContext {
  jobId: string;
  /**
   * Runs `fn` at most once per `key` within this job, across restarts, and returns its recorded
   * result thereafter. When an earlier attempt started `fn` but never recorded a result (the
   * process died mid-call), `fn` is called again with `resumed: true`, so it can look for the
   * effect (e.g. find the run a dispatch created) before repeating it.
   */
  once<T>(key: string, fn: (info: OnceInfo) => Promise<T>): Promise<T>;
  /** Lets webhooks about this CI run wake the job at once instead of at its next poll. */
  watchRun(repo: string, runId: number): Promise<void>;
}

/** Where a job stands, for progress messages and `status`. */
export interface Progress {
  done: number;
  total: number;
  /** One line, e.g. "1 of 2 scenarios finished". */
  note: string;
}

/** What a step returns. */
export type StepResult<S> =
  /** Run the next step at once. */
  | { kind: "continue"; state: S }
  /** Run the next step after `delayMs` (polling a CI run). */
  | { kind: "wait"; state: S; delayMs: number }
  /** Finished: the final report. */
  | { kind: "done"; state: S; report: ReportInput };

/**
 * A long operation as a durable job.
 *
 * @example
 * ```ts
 * // const testJob: JobDefinition<TestState> = { kind: "test", state: TestStateSchema, plan, step, progress, cancel };
 * ```
 */
export interface JobDefinition<S> {
  /** The op it serves; also the job kind stored with each job. */
  kind: string;
  /** Schema of the persisted state; every load parses through it. */
  state: z.ZodType<S>;
  /** Validates the intent against the repository and plans the work. Throws `CiError`. */
  plan(intent: Intent, ctx: PlanContext): Promise<S>;
  /** One resumable step. Throws `CiError` to fail the job with that message. */
  step(state: S, ctx: StepContext): Promise<StepResult<S>>;
  /** Where the job stands, plus an interim report shown in place while it runs. */
  progress(state: S): { progress: Progress; report: ReportInput };
  /** Stops what the job started (cancels its runs) and returns the final report. */
  cancel(state: S, ctx: StepContext): Promise<{ state: S; report: ReportInput }>;
}
