/**
 * Planning a `test`: the workflow resolved, its inputs checked and the matrix expanded into
 * scenarios before anything is dispatched. Loaded when a test is planned (it brings the YAML
 * reader).
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { Intent } from "../../intent/schema.ts";
import type { PlanContext } from "../../jobs/definition.ts";
import type { CIProvider } from "../../providers/port.ts";
import {
  checkDispatchInputs,
  correlationInput,
  declaredInputs,
} from "../../workflow/dispatch_inputs.ts";
import { expandMatrix, MAX_SCENARIOS, scenarioLabel } from "../../workflow/matrix.ts";
import { loadPresets, mergePresets } from "../../workflow/presets.ts";
import { requesterInputs } from "../scenarios/dispatch.ts";
import type { Scenario } from "../scenarios/scenario.ts";
import { TEST_TIME_LIMIT_MS, type TestState } from "./state.ts";
import { pickWorkflow } from "./which_workflow.ts";

/**
 * Resolves a workflow the user named (file name, path or display name) to its path; none named:
 * the only (dispatchable) one. The executor asks "Which workflow?" before planning
 * (`withWorkflow`), so the error for several is only what a caller without it sees.
 *
 * @example
 * ```ts
 * // await resolveWorkflow(provider, "acme/app", "ci.yml"); // ".github/workflows/ci.yml"
 * ```
 */
export async function resolveWorkflow(
  provider: CIProvider,
  repo: string,
  name: string | undefined,
  ref?: string,
): Promise<string> {
  if (name === undefined) {
    const pick = await pickWorkflow(provider, repo, ref);
    if (pick.kind === "chosen") return pick.path;
    const files = pick.choices.map((c) => c.file);
    throw new CiError(
      "bad_request",
      `Which workflow? ${repo} has ${files.length} that can be dispatched: ${files.join(", ")}`,
      { hint: `Name one, e.g. \`test repo:${repo} workflow:${files[0]}\`` },
    );
  }
  const workflows = await provider.listWorkflows(repo);
  const available = workflows.map((w) => w.path.split("/").pop()).join(", ") || "none";
  const wanted = name.toLowerCase();
  const found = workflows.find((w) =>
    w.path.toLowerCase() === wanted || w.path.split("/").pop()!.toLowerCase() === wanted ||
    w.name.toLowerCase() === wanted
  );
  if (!found) {
    throw new CiError("not_found", `No workflow '${name}' in ${repo}: it has ${available}`, {
      hint: "Use the workflow's file name, e.g. ci.yml.",
    });
  }
  return found.path;
}

const repoOf = (intent: Intent, ctx: PlanContext) => {
  const repo = intent.repo ?? ctx.defaultRepo;
  if (!repo) {
    throw new CiError("bad_request", "Cannot test without a repository", {
      hint: "Add one, e.g. `test repo:acme/app workflow:ci.yml`.",
    });
  }
  return repo;
};

/** `rerun:123,456` → the failed runs to re-run. */
const rerunTargets = (target?: string) =>
  target?.startsWith("rerun:")
    ? target.slice(6).split(",").map(Number).filter((n) => Number.isSafeInteger(n) && n > 0)
    : undefined;

/**
 * Plans a `test`: one scenario per matrix combination (or per run to re-run), inputs checked.
 *
 * @throws {CiError} `bad_request` for a missing repository, wrong inputs or too many scenarios,
 *   `not_found` for an unknown workflow, and whatever the provider throws.
 * @example
 * ```ts
 * // const state = await planTest({ op: "test", repo: "acme/app", workflow: "ci.yml" }, ctx);
 * ```
 */
export async function planTest(intent: Intent, ctx: PlanContext): Promise<TestState> {
  const repo = repoOf(intent, ctx);
  const workflow = await resolveWorkflow(ctx.provider, repo, intent.workflow, intent.ref);
  const ref = intent.ref ?? await ctx.provider.defaultBranch(repo);
  const deadline = new Date(ctx.now().getTime() + TEST_TIME_LIMIT_MS).toISOString();
  const reruns = rerunTargets(intent.target);
  if (reruns) {
    if (!reruns.length) throw new CiError("bad_request", `No run ids in '${intent.target}'`);
    const scenarios = reruns.map((runId): Scenario => ({
      label: `re-run of #${runId}`,
      inputs: {},
      rerunOf: runId,
      status: "pending",
    }));
    return { repo, workflow, ref, scenarios, deadline, polls: 0 };
  }
  const file = await ctx.provider.readFile(repo, workflow, ref);
  if (!file) throw new CiError("not_found", `${workflow} does not exist at ${ref} in ${repo}`);
  const declared = declaredInputs(workflow, file.content);
  const presets = mergePresets(
    await loadPresets(ctx.provider, repo, ref),
    ctx.policyPresets ?? new Map(),
  );
  const combos = expandMatrix(intent.matrix, presets);
  const repeat = intent.runs ?? 1;
  if (combos.length * repeat > MAX_SCENARIOS) {
    throw new CiError(
      "bad_request",
      `Cannot dispatch ${combos.length * repeat} runs: at most ${MAX_SCENARIOS} per test ` +
        `(current value is ${combos.length} scenarios × runs:${repeat})`,
      { hint: "Lower runs or narrow the matrix." },
    );
  }
  const correlation = correlationInput(declared);
  const asker = requesterInputs(declared.inputs.map((i) => i.name), ctx.requester);
  const scenarios: Scenario[] = [];
  for (const combo of combos) {
    // Every combination is checked before anything is dispatched: a typo fails the whole test.
    const inputs = {
      ...checkDispatchInputs(workflow, declared, { ...intent.inputs, ...combo }),
      ...asker,
    };
    for (let i = 0; i < repeat; i++) {
      const label = scenarioLabel(combo) + (repeat > 1 ? ` #${i + 1}` : "");
      const correlationId = correlation ? crypto.randomUUID() : undefined;
      scenarios.push({
        label,
        inputs: correlation ? { ...inputs, [correlation]: correlationId! } : inputs,
        ...(correlationId ? { correlationId } : {}),
        status: "pending",
      });
    }
  }
  return { repo, workflow, ref, scenarios, deadline, polls: 0 };
}
