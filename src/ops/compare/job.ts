/**
 * Active `compare` (`runs:N`): dispatch N runs of each side on the same ref, interleaved
 * baseline, candidate, baseline, … two at a time, optionally after discarded warm-up runs;
 * then compare the samples with the same statistics as history mode. A durable job.
 *
 * The definition is cheap to load (the service builds it at start-up); planning and the final
 * report load their modules (YAML, statistics) when a comparison is planned or ends.
 *
 * @module
 */
import type { JobDefinition } from "../../jobs/definition.ts";
import type { ReportInput } from "../../report/model.ts";
import { isSettled } from "../scenarios/scenario.ts";
import { scenarioJob } from "../scenarios/loop.ts";
import { type CompareState, CompareStateSchema } from "./job_state.ts";

function progressReport(state: CompareState): ReportInput {
  const done = state.scenarios.filter(isSettled).length;
  return {
    title: `Comparing ${state.candidateLabel} with ${state.baselineLabel} on ${state.repo}`,
    status: "running",
    summary: `${done} of ${state.scenarios.length} runs finished`,
  };
}

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
  plan: async (intent, ctx) => (await import("./job_plan.ts")).planComparison(intent, ctx),
  progressReport,
  finalReport: async (state, outcome) =>
    (await import("./job_report.ts")).comparisonReport(state, outcome),
});
