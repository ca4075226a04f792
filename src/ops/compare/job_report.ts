/**
 * The final report of an active comparison: the dispatched runs compared with the same
 * statistics as history mode.
 *
 * @module
 */
import type { ReportInput } from "../../report/model.ts";
import type { RunSample } from "../history/run_sample.ts";
import type { ScenarioOutcome } from "../scenarios/loop.ts";
import type { CompareState } from "./job_state.ts";
import { compareReport } from "./report.ts";
import { compareSamples } from "./samples.ts";

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

const ENDINGS: Record<ScenarioOutcome, string | undefined> = {
  completed: undefined,
  cancelled: "cancelled",
  "timed-out": "stopped at the time limit",
};

/**
 * The report of a comparison that ended (completed, cancelled or stopped at the time limit).
 *
 * @example
 * ```ts
 * // const report = comparisonReport(state, "completed"); // report.summary: "… is 12% faster …"
 * ```
 */
export function comparisonReport(state: CompareState, outcome: ScenarioOutcome): ReportInput {
  return finalReport(state, ENDINGS[outcome]);
}
