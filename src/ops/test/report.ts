/**
 * The reports of a `test` job: the in-place progress view and the final results table.
 *
 * @module
 */
import { codeBlock } from "../../report/markup.ts";
import type { Action, ReportInput, ReportStatus } from "../../report/model.ts";
import { formatDuration } from "../../report/format.ts";
import { isSettled, type Scenario } from "../scenarios/scenario.ts";
import type { TestState } from "./state.ts";

const RESULT: Record<string, string> = {
  success: "✅ success",
  failure: "❌ failure",
  cancelled: "⏹ cancelled",
  timed_out: "⌛ timed out",
  skipped: "⏭ skipped",
  unconfirmed: "❓ no run found for the dispatch",
};

const result = (s: Scenario) =>
  s.status === "completed"
    ? RESULT[s.conclusion ?? ""] ?? (s.conclusion ?? "unknown")
    : s.status === "cancelled"
    ? RESULT.cancelled
    : `⏳ ${s.status.replace("_", " ")}`;

const time = (ms?: number) => (ms === undefined ? "—" : formatDuration(ms));

function resultsTable(state: TestState) {
  return {
    title: "Results",
    columns: ["Scenario", "Result", "Queued", "Duration", "Jobs", "Failed step", "Run"],
    rows: state.scenarios.map((s) => [
      s.label,
      result(s),
      time(s.queueMs),
      time(s.executionMs),
      s.jobs ? String(s.jobs.length) : "—",
      s.failedStep ? `${s.failedStep.job} › ${s.failedStep.step}` : "—",
      s.runUrl ?? (s.runId ? `#${s.runId}` : "—"),
    ]),
  };
}

const target = (state: TestState) =>
  `${state.workflow.split("/").pop()} on ${state.repo}@${state.ref}`;

/**
 * The interim report shown in place while runs are going.
 *
 * @example
 * ```ts
 * // testProgressReport(state).summary; // "1 of 2 scenarios finished"
 * ```
 */
export function testProgressReport(state: TestState): ReportInput {
  const done = state.scenarios.filter(isSettled).length;
  const dispatched = state.scenarios.filter((s) => s.status !== "pending").length;
  return {
    title: `Testing ${target(state)}`,
    status: "running",
    summary: `${done} of ${state.scenarios.length} scenarios finished` +
      (dispatched < state.scenarios.length ? ` (${dispatched} dispatched)` : ""),
    tables: [resultsTable(state)],
  };
}

/**
 * The final report: a results table, totals, failure log tails and links.
 *
 * @example
 * ```ts
 * // testFinalReport(state, { jobId, outcome: "completed" }).status; // "success"
 * ```
 */
export function testFinalReport(
  state: TestState,
  options: { outcome: "completed" | "cancelled" | "timed-out" },
): ReportInput {
  const completed = state.scenarios.filter((s) => s.status === "completed");
  const passed = completed.filter((s) => s.conclusion === "success");
  const failed = completed.filter((s) => s.conclusion !== "success");
  const total = state.scenarios.length;
  const longest = Math.max(0, ...completed.map((s) => s.executionMs ?? 0));
  const status: ReportStatus = options.outcome !== "completed"
    ? "warning"
    : failed.length > 0
    ? "failure"
    : "success";
  const ending = options.outcome === "cancelled"
    ? " — cancelled"
    : options.outcome === "timed-out"
    ? " — stopped at the time limit"
    : "";
  const actions: Action[] = [];
  const failedRuns = failed.flatMap((s) => (s.runId ? [s.runId] : []));
  if (failedRuns.length > 0) {
    actions.push({
      id: "rerun-failed",
      label: "Re-run failed",
      style: "primary",
      intent: {
        op: "test",
        repo: state.repo,
        workflow: state.workflow,
        ref: state.ref,
        target: `rerun:${failedRuns.join(",")}`,
      },
    });
  }
  return {
    title: `Test ${target(state)}`,
    status,
    summary: `${passed.length} of ${total} scenarios passed` +
      (failed.length ? `, ${failed.length} failed` : "") +
      (completed.length ? ` (longest ${formatDuration(longest)})` : "") + ending,
    fields: [
      { label: "Workflow", value: state.workflow },
      { label: "Ref", value: state.ref },
      { label: "Scenarios", value: String(total) },
      { label: "Passed", value: String(passed.length) },
      { label: "Failed", value: String(failed.length) },
    ],
    tables: [resultsTable(state)],
    sections: failed.filter((s) => s.logTail).map((s) => ({
      title: `${s.label}: ${s.failedStep?.job ?? "failed job"} log (last lines)`,
      markdown: codeBlock(s.logTail!),
    })),
    links: state.scenarios.flatMap((s) =>
      s.runUrl && /^https?:/.test(s.runUrl) ? [{ label: `Run: ${s.label}`, url: s.runUrl }] : []
    ),
    actions,
  };
}
