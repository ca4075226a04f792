/**
 * The loop shared by jobs that dispatch scenarios and follow them (`test`, active `compare`):
 * dispatch pending scenarios a few at a time, poll the live ones with growing intervals (a
 * webhook wakes the job sooner), cancel what is left at the deadline.
 *
 * @module
 */
import { z } from "zod";
import type { JobDefinition, PlanContext, StepContext, StepResult } from "../../jobs/definition.ts";
import type { Intent } from "../../intent/schema.ts";
import type { ReportInput } from "../../report/model.ts";
import { correlateRun, dispatchOnce, type DispatchTarget } from "./dispatch.ts";
import { isLive, isSettled, observe, type Scenario, ScenarioSchema } from "./scenario.ts";

/** Runs dispatched at the same time; the rest wait their turn. */
export const DISPATCH_CONCURRENCY = 4;
const FIRST_POLL_MS = 2_000;
/** A dispatch whose run GitHub has not listed after this long is reported, not repeated. */
export const UNCONFIRMED_AFTER_MS = 10 * 60_000;
const MAX_POLL_MS = 60_000;

/** The part of a job's state the loop drives. */
export const ScenarioSetSchema = z.object({
  repo: z.string(),
  /** Workflow file path (scenarios may override it). */
  workflow: z.string(),
  ref: z.string(),
  scenarios: z.array(ScenarioSchema),
  /** ISO time after which remaining runs are cancelled. */
  deadline: z.string(),
  /** Polls since a scenario last changed status: the backoff exponent. */
  polls: z.number().int().nonnegative(),
  /** Runs in flight at once; default {@linkcode DISPATCH_CONCURRENCY}. */
  concurrency: z.number().int().positive().optional(),
});
/** The part of a job's state the loop drives. */
export type ScenarioSet = z.infer<typeof ScenarioSetSchema>;

/** What one turn of the loop did. */
export type LoopResult<S> =
  | { kind: "continue"; state: S }
  | { kind: "wait"; state: S; delayMs: number }
  | { kind: "settled"; state: S }
  | { kind: "timed-out"; state: S };

const targetOf = (set: ScenarioSet, s: Scenario): DispatchTarget => ({
  repo: set.repo,
  workflow: s.workflow ?? set.workflow,
  ref: s.ref ?? set.ref,
});

const claimedRuns = (set: ScenarioSet) =>
  new Set(set.scenarios.flatMap((s) => (s.runId === undefined ? [] : [s.runId])));

const replace = <S extends ScenarioSet>(set: S, index: number, scenario: Scenario): S => ({
  ...set,
  scenarios: set.scenarios.map((s, i) => (i === index ? scenario : s)),
});

async function poll<S extends ScenarioSet>(set: S, ctx: StepContext): Promise<S> {
  let next = set;
  for (const [i, s] of set.scenarios.entries()) {
    if (s.status === "dispatched" && s.runId === undefined) {
      const run = await correlateRun(ctx, targetOf(set, s), s, claimedRuns(next));
      if (run) {
        await ctx.watchRun(set.repo, run.id);
        next = replace(next, i, await observe({ ...s, runId: run.id }, run, set.repo, ctx));
      } else if (ctx.now().getTime() - Date.parse(s.dispatchedAt ?? "") > UNCONFIRMED_AFTER_MS) {
        next = replace(next, i, { ...s, status: "completed", conclusion: "unconfirmed" });
      }
    } else if (isLive(s)) {
      const run = await ctx.provider.getRun(set.repo, s.runId!);
      next = replace(next, i, await observe(s, run, set.repo, ctx));
    }
  }
  // Back off only while nothing moves: a change (a run started or finished) resets the count.
  const moved = next.scenarios.some((s, i) => s.status !== set.scenarios[i].status);
  return { ...next, polls: moved ? 0 : next.polls + 1 };
}

/**
 * One turn: dispatch the next pending scenario if there is room, otherwise poll.
 *
 * @example
 * ```ts
 * // const turn = await advanceScenarios(state, ctx);
 * // if (turn.kind === "settled") return { kind: "done", state: turn.state, report: … };
 * ```
 */
export async function advanceScenarios<S extends ScenarioSet>(
  set: S,
  ctx: StepContext,
): Promise<LoopResult<S>> {
  const room = set.concurrency ?? DISPATCH_CONCURRENCY;
  const inFlight = set.scenarios.filter((s) => s.status !== "pending" && !isSettled(s)).length;
  const pending = set.scenarios.findIndex((s) => s.status === "pending");
  if (pending >= 0 && inFlight < room) {
    const scenario = set.scenarios[pending];
    const dispatched = await dispatchOnce(
      ctx,
      targetOf(set, scenario),
      scenario,
      pending,
      claimedRuns(set),
    );
    return { kind: "continue", state: { ...replace(set, pending, dispatched), polls: 0 } };
  }
  const polled = await poll(set, ctx);
  if (polled.scenarios.every(isSettled)) return { kind: "settled", state: polled };
  if (ctx.now().getTime() > Date.parse(polled.deadline)) {
    return { kind: "timed-out", state: await cancelScenarios(polled, ctx) };
  }
  // A slot may have opened: come back soon to dispatch the next one.
  const waiting = polled.scenarios.some((s) => s.status === "pending");
  const delayMs = waiting
    ? FIRST_POLL_MS
    : Math.min(MAX_POLL_MS, FIRST_POLL_MS * 1.5 ** Math.min(polled.polls, 10));
  return { kind: "wait", state: polled, delayMs };
}

/**
 * Cancels every run that has not finished and marks the rest cancelled.
 *
 * @example
 * ```ts
 * // const stopped = await cancelScenarios(state, ctx);
 * ```
 */
export async function cancelScenarios<S extends ScenarioSet>(set: S, ctx: StepContext): Promise<S> {
  let next = set;
  for (const [i, s] of set.scenarios.entries()) {
    if (isSettled(s)) continue;
    if (s.runId !== undefined) {
      await ctx.provider.cancelRun(set.repo, s.runId).catch((error) =>
        ctx.log.warn("could not cancel run", { runId: s.runId, error })
      );
    }
    next = replace(next, i, { ...s, status: "cancelled" });
  }
  return next;
}

/**
 * A scenario job's progress: settled scenarios out of all, with the interim report's summary as
 * the one-line note.
 *
 * @example
 * ```ts
 * // progress: (state) => scenarioProgress(state, testProgressReport(state)),
 * ```
 */
export function scenarioProgress(set: ScenarioSet, report: ReportInput) {
  const done = set.scenarios.filter(isSettled).length;
  return { progress: { done, total: set.scenarios.length, note: report.summary }, report };
}

/** How a scenario job ended, for its final report. */
export type ScenarioOutcome = "completed" | "cancelled" | "timed-out";

/**
 * A durable job that dispatches scenarios and follows them: the loop, progress and cancellation
 * are shared; each operation brings its plan and its reports.
 *
 * @example
 * ```ts
 * // export const testJob = scenarioJob({ kind: "test", state, plan, progressReport, finalReport });
 * ```
 */
export function scenarioJob<S extends ScenarioSet>(spec: {
  kind: string;
  state: z.ZodType<S>;
  plan: (intent: Intent, ctx: PlanContext) => Promise<S>;
  progressReport: (state: S) => ReportInput;
  /** May be async: a job whose report needs heavy modules loads them only when it ends. */
  finalReport: (state: S, outcome: ScenarioOutcome) => ReportInput | Promise<ReportInput>;
}): JobDefinition<S> {
  return {
    kind: spec.kind,
    state: spec.state,
    plan: spec.plan,
    async step(state, ctx): Promise<StepResult<S>> {
      const turn = await advanceScenarios(state, ctx);
      if (turn.kind === "settled" || turn.kind === "timed-out") {
        const outcome = turn.kind === "settled" ? "completed" : "timed-out";
        return {
          kind: "done",
          state: turn.state,
          report: await spec.finalReport(turn.state, outcome),
        };
      }
      return turn;
    },
    progress: (state) => scenarioProgress(state, spec.progressReport(state)),
    async cancel(state, ctx) {
      const stopped = await cancelScenarios(state, ctx);
      return { state: stopped, report: await spec.finalReport(stopped, "cancelled") };
    },
  };
}
