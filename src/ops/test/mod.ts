/**
 * `test`: dispatch a workflow once per matrix combination, follow every run to completion and
 * report the results. Runs as a durable job: plan (validate everything before anything is
 * dispatched) → dispatch each scenario once → poll (or be woken by webhooks) → report.
 *
 * This module is cheap to load (the service builds the job definition at start-up); planning
 * loads the YAML reader when a test is planned.
 *
 * @module
 */
import type { JobDefinition } from "../../jobs/definition.ts";
import type { CIProvider } from "../../providers/port.ts";
import { scenarioJob } from "../scenarios/loop.ts";
import { testFinalReport, testProgressReport } from "./report.ts";
import { type TestState, TestStateSchema } from "./state.ts";

export { pickWorkflow, withWorkflow, type WorkflowPick } from "./which_workflow.ts";
export {
  MAX_WORKFLOW_BUTTONS,
  whichWorkflowReport,
  type WorkflowChoice,
} from "./which_workflow_report.ts";

/**
 * Resolves a workflow the user named (file name, path or display name) to its path; none named:
 * the only (dispatchable) one (loads `plan.ts` on first use).
 *
 * @example
 * ```ts
 * // await resolveWorkflow(provider, "acme/app", "ci.yml"); // ".github/workflows/ci.yml"
 * ```
 */
export const resolveWorkflow = async (
  provider: CIProvider,
  repo: string,
  name: string | undefined,
  ref?: string,
): Promise<string> => (await import("./plan.ts")).resolveWorkflow(provider, repo, name, ref);

/**
 * The `test` operation as a durable job.
 *
 * @example
 * ```ts
 * // createJobRunner({ …, definitions: [testJob] });
 * ```
 */
export const testJob: JobDefinition<TestState> = scenarioJob({
  kind: "test",
  state: TestStateSchema,
  plan: async (intent, ctx) => (await import("./plan.ts")).planTest(intent, ctx),
  progressReport: testProgressReport,
  finalReport: (state, outcome) => testFinalReport(state, { outcome }),
});
