/**
 * Dispatching a scenario's run exactly once, finding the run a dispatch created when the CI
 * server does not say (GitHub Enterprise Server without `return_run_details`), and saying who
 * asked in the run's inputs when the workflow has a place for it.
 *
 * @module
 */
import type { StepContext } from "../../jobs/definition.ts";
import type { RunInfo } from "../../providers/port.ts";
import type { Scenario } from "./scenario.ts";

/** What a scenario is dispatched against. */
export interface DispatchTarget {
  repo: string;
  /** Workflow file path, e.g. `.github/workflows/ci.yml`. */
  workflow: string;
  ref: string;
}

// Clocks of this service and of GitHub differ a little; runs created slightly "before" the
// dispatch still belong to it.
const CLOCK_SKEW_MS = 10_000;

const fileName = (path: string) => path.split("/").pop()!;

/**
 * Names of a `workflow_dispatch` input the service fills with who asked (the GitHub login, else
 * the chat identity), so the run page shows it. Declare one to opt in; an undeclared input is
 * never sent (GitHub rejects a dispatch with one):
 *
 * ```yaml
 * on:
 *   workflow_dispatch:
 *     inputs:
 *       requested_by:
 *         description: Filled by ci-orchestrator with who asked
 *         required: false
 *         type: string
 * ```
 */
export const REQUESTER_INPUT_NAMES = ["requested_by", "requester"] as const;

/** Who asked, as a job's plan context carries it. */
export interface Asker {
  surface: string;
  userId?: string;
  /** The GitHub login acting, when known. */
  login?: string;
}

/**
 * The input saying who asked, when the workflow declares one of
 * {@linkcode REQUESTER_INPUT_NAMES}; merge it last, so a value the user typed cannot claim to
 * be someone else.
 *
 * @example
 * ```ts
 * requesterInputs(["python-version", "requested_by"], { surface: "slack", userId: "U1", login: "alice" });
 * // { requested_by: "alice" }
 * requesterInputs(["python-version"], { surface: "slack", userId: "U1", login: "alice" }); // {}
 * ```
 */
export function requesterInputs(
  declared: readonly string[],
  who: Asker | undefined,
): Record<string, string> {
  const name = REQUESTER_INPUT_NAMES.find((n) => declared.includes(n));
  if (!name || !who) return {};
  const value = who.login ?? (who.userId ? `${who.surface}:${who.userId}` : undefined);
  return value ? { [name]: value } : {};
}

/**
 * Finds the run a dispatch created: same workflow, ref and event, created at or after the
 * dispatch, not already claimed by another scenario; by its correlation id in the run title
 * when the workflow declares a correlation input, otherwise the oldest such run.
 *
 * @example
 * ```ts
 * // const run = await correlateRun(ctx, target, scenario, claimedRunIds);
 * ```
 */
export async function correlateRun(
  ctx: StepContext,
  target: DispatchTarget,
  scenario: Scenario,
  claimed: ReadonlySet<number>,
): Promise<RunInfo | undefined> {
  const since = Date.parse(scenario.dispatchedAt ?? ctx.now().toISOString()) - CLOCK_SKEW_MS;
  const runs = await ctx.provider.listRuns(target.repo, {
    workflow: fileName(target.workflow),
    branch: target.ref,
    event: "workflow_dispatch",
    createdSince: new Date(since).toISOString(),
    limit: 100,
  });
  const candidates = runs
    .filter((r) => !claimed.has(r.id) && Date.parse(r.createdAt) >= since)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
  if (scenario.correlationId) {
    return candidates.find((r) => r.displayTitle?.includes(scenario.correlationId!));
  }
  return candidates[0];
}

/**
 * Dispatches a scenario at most once, across restarts. A resumed attempt (the process died
 * during the call) first looks for the run the earlier attempt may have created.
 *
 * @example
 * ```ts
 * // const next = await dispatchOnce(ctx, target, scenario, index, claimed);
 * ```
 */
export async function dispatchOnce(
  ctx: StepContext,
  target: DispatchTarget,
  scenario: Scenario,
  index: number,
  claimed: ReadonlySet<number>,
): Promise<Scenario> {
  const result = await ctx.once(`dispatch:${index}`, async ({ resumed, startedAt }) => {
    if (resumed) {
      const found = await correlateRun(
        ctx,
        target,
        { ...scenario, dispatchedAt: startedAt },
        claimed,
      );
      if (found) return { runId: found.id, url: found.url, dispatchedAt: startedAt };
      // GitHub lists a new run with a delay, and a dispatch that timed out may still have been
      // performed: repeating it could run the workflow twice. The run is looked for while the
      // job polls; one that never appears is reported as unconfirmed (scenario_loop.ts).
      return { dispatchedAt: startedAt };
    }
    if (scenario.rerunOf !== undefined) {
      await ctx.provider.rerunRun(target.repo, scenario.rerunOf, { failedOnly: true });
      return { runId: scenario.rerunOf, dispatchedAt: startedAt };
    }
    const dispatched = await ctx.provider.dispatch(
      target.repo,
      fileName(target.workflow),
      target.ref,
      scenario.inputs,
    );
    return { ...dispatched, dispatchedAt: startedAt };
  });
  if (result.runId !== undefined) await ctx.watchRun(target.repo, result.runId);
  return {
    ...scenario,
    status: "dispatched",
    dispatchedAt: result.dispatchedAt,
    ...(result.runId !== undefined ? { runId: result.runId } : {}),
    ...(result.url ? { runUrl: result.url } : {}),
  };
}
