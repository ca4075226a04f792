/**
 * Dispatching a scenario's run exactly once, and finding the run a dispatch created when the
 * CI server does not say (GitHub Enterprise Server without `return_run_details`).
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
