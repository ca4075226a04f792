/**
 * Planning an active comparison: both sides resolved, their inputs checked and the runs laid out
 * before anything is dispatched.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { Intent } from "../../intent/schema.ts";
import type { PlanContext } from "../../jobs/definition.ts";
import {
  checkDispatchInputs,
  correlationInput,
  declaredInputs,
} from "../../workflow/dispatch_inputs.ts";
import { MAX_SCENARIOS } from "../../workflow/matrix.ts";
import { resolveSides } from "./history.ts";
import { COMPARE_TIME_LIMIT_MS, type CompareState } from "./job_state.ts";
import { compareSettings } from "./settings.ts";
import { requesterInputs } from "../scenarios/dispatch.ts";
import type { Scenario } from "../scenarios/scenario.ts";

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

/**
 * Plans an active comparison of `runs:N` per side.
 *
 * @throws {CiError} `bad_request` without a repository or with too many runs, `not_found` for a
 *   missing workflow, and whatever the provider throws.
 * @example
 * ```ts
 * // const state = await planComparison({ op: "compare", repo: "acme/app", runs: 5, … }, ctx);
 * ```
 */
export async function planComparison(intent: Intent, ctx: PlanContext): Promise<CompareState> {
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
