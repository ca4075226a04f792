/**
 * Active `compare` (`runs:N`): dispatch N runs of each side on the same ref, interleaved
 * baseline, candidate, baseline, … two at a time, optionally after discarded warm-up runs;
 * then compare the samples with the same statistics as history mode. A durable job.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../../errors.ts";
import type { Intent } from "../../intent/schema.ts";
import type { JobDefinition, PlanContext } from "../../jobs/definition.ts";
import type { ReportInput } from "../../report/model.ts";
import {
  checkDispatchInputs,
  correlationInput,
  declaredInputs,
} from "../../workflow/dispatch_inputs.ts";
import { MAX_SCENARIOS } from "../../workflow/matrix.ts";
import { resolveSides } from "./history.ts";
import { compareReport } from "./report.ts";
import { compareSamples } from "./samples.ts";
import { compareSettings } from "./settings.ts";
import type { RunSample } from "../history/run_sample.ts";
import { requesterInputs } from "../scenarios/dispatch.ts";
import { isSettled, type Scenario } from "../scenarios/scenario.ts";
import { scenarioJob, type ScenarioOutcome, ScenarioSetSchema } from "../scenarios/loop.ts";

/** A comparison stops following its runs (and cancels them) after this long. */
export const COMPARE_TIME_LIMIT_MS = 12 * 3600 * 1000;

/** Persisted state of an active comparison. */
export const CompareStateSchema = ScenarioSetSchema.extend({
  baselineLabel: z.string(),
  candidateLabel: z.string(),
  // Read when planning; absent in comparisons planned before it was configurable (defaults).
  settings: z.object({
    noiseThreshold: z.object({
      spread: z.number().nonnegative().optional(),
      relative: z.number().nonnegative().optional(),
      absoluteMs: z.number().nonnegative().optional(),
    }),
    origin: z.string().max(500),
  }).optional(),
});
/** Persisted state of an active comparison. */
export type CompareState = z.infer<typeof CompareStateSchema>;

async function sideInputs(
  ctx: PlanContext,
  repo: string,
  workflow: string,
  ref: string,
  given: Record<string, string>,
) {
  const file = await ctx.provider.readFile(repo, workflow, ref);
  if (!file) throw new CiError("not_found", `${workflow} does not exist at ${ref} in ${repo}`);
  const declared = declaredInputs(workflow, file.content);
  return {
    // Who asked goes last, so a typed `requested_by` cannot name someone else.
    inputs: {
      ...checkDispatchInputs(workflow, declared, given),
      ...requesterInputs(declared.inputs.map((i) => i.name), ctx.requester),
    },
    correlation: correlationInput(declared),
  };
}

async function plan(intent: Intent, ctx: PlanContext): Promise<CompareState> {
  const repo = intent.repo ?? ctx.defaultRepo;
  if (!repo) {
    throw new CiError("bad_request", "Cannot compare without a repository: none was given", {
      hint: "Name one, e.g. `compare repo:acme/app baseline:ci.yml candidate:ci-fast.yml runs:10`.",
    });
  }
  const runs = intent.runs ?? 1;
  const total = (runs + (intent.warmup ?? 0)) * 2;
  if (total > MAX_SCENARIOS) {
    throw new CiError(
      "bad_request",
      `Cannot dispatch ${total} runs: at most ${MAX_SCENARIOS} per comparison ` +
        `(current value is runs:${runs} and warmup:${intent.warmup ?? 0} per side)`,
      { hint: `Keep runs + warmup at ${MAX_SCENARIOS / 2} or fewer.` },
    );
  }
  const sides = await resolveSides(intent, ctx.provider, repo);
  const defaultRef = intent.ref ?? await ctx.provider.defaultBranch(repo);
  const refOf = (branch?: string) => branch ?? defaultRef;
  const given = intent.inputs ?? {};
  // Read before dispatching anything, so a wrong compare: section refuses the job at once.
  const settings = await compareSettings(ctx.provider, repo, refOf(sides.baseline.branch));
  const setups = {
    baseline: await sideInputs(
      ctx,
      repo,
      sides.baseline.workflow,
      refOf(sides.baseline.branch),
      given,
    ),
    candidate: await sideInputs(
      ctx,
      repo,
      sides.candidate.workflow,
      refOf(sides.candidate.branch),
      given,
    ),
  };
  const warmup = intent.warmup ?? 0;
  const scenarios: Scenario[] = [];
  for (let i = -warmup; i < runs; i++) {
    for (const side of ["baseline", "candidate"] as const) {
      const { inputs, correlation } = setups[side];
      const correlationId = correlation ? crypto.randomUUID() : undefined;
      scenarios.push({
        label: `${side === "baseline" ? sides.baselineLabel : sides.candidateLabel} ` +
          (i < 0 ? `warm-up ${i + warmup + 1}` : `#${i + 1}`),
        side,
        ...(i < 0 ? { warmup: true } : {}),
        workflow: sides[side].workflow,
        ref: refOf(sides[side].branch),
        inputs: correlation ? { ...inputs, [correlation]: correlationId! } : inputs,
        ...(correlationId ? { correlationId } : {}),
        status: "pending",
      });
    }
  }
  return {
    repo,
    workflow: sides.baseline.workflow,
    ref: defaultRef,
    scenarios,
    deadline: new Date(ctx.now().getTime() + COMPARE_TIME_LIMIT_MS).toISOString(),
    polls: 0,
    // One pair at a time keeps both sides under the same runner load.
    concurrency: 2,
    baselineLabel: sides.baselineLabel,
    candidateLabel: sides.candidateLabel,
    settings,
  };
}

const samplesOf = (state: CompareState, side: "baseline" | "candidate"): RunSample[] =>
  state.scenarios
    .filter((s) => s.side === side && !s.warmup && s.status === "completed" && s.runId)
    .map((s) => ({
      runId: s.runId!,
      ...(s.runUrl ? { url: s.runUrl } : {}),
      conclusion: s.conclusion ?? null,
      queueMs: s.queueMs ?? 0,
      executionMs: s.executionMs ?? 0,
      jobs: s.jobs ?? [],
    }));

function finalReport(state: CompareState, ending?: string): ReportInput {
  const baseline = samplesOf(state, "baseline");
  const candidate = samplesOf(state, "candidate");
  const report = compareReport({
    repo: state.repo,
    baselineLabel: state.baselineLabel,
    candidateLabel: state.candidateLabel,
    mode: "active",
    comparison: compareSamples(baseline, candidate, {
      noiseThreshold: state.settings?.noiseThreshold,
    }),
    baseline,
    candidate,
    ...(state.settings ? { settings: state.settings } : {}),
    scope: `${baseline.length + candidate.length} dispatched runs on ${state.ref}, interleaved` +
      (state.scenarios.some((s) => s.warmup) ? ", warm-up runs left out" : ""),
  });
  return ending
    ? { ...report, status: "warning", summary: `${report.summary} — ${ending}` }
    : report;
}

function progressReport(state: CompareState): ReportInput {
  const done = state.scenarios.filter(isSettled).length;
  return {
    title: `Comparing ${state.candidateLabel} with ${state.baselineLabel} on ${state.repo}`,
    status: "running",
    summary: `${done} of ${state.scenarios.length} runs finished`,
  };
}

const ENDINGS: Record<ScenarioOutcome, string | undefined> = {
  completed: undefined,
  cancelled: "cancelled",
  "timed-out": "stopped at the time limit",
};

/**
 * Active `compare` as a durable job.
 *
 * @example
 * ```ts
 * // createJobRunner({ …, definitions: [testJob, compareJob] });
 * ```
 */
export const compareJob: JobDefinition<CompareState> = scenarioJob({
  kind: "compare",
  state: CompareStateSchema,
  plan,
  progressReport,
  finalReport: (state, outcome) => finalReport(state, ENDINGS[outcome]),
});
