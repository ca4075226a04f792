/**
 * The report of issue 17's walk-through, shaped like `analyze` with history on a large project:
 * one workflow slower since a run, one flaky job, and dozens of near-identical pin and timeout
 * findings that used to push the news and the charts off the first screen.
 *
 * The status is `failure` and no other text on the page says "failure" or "failed", so a test
 * can find where the page shows the status without knowing its markup.
 *
 * @module
 */
import { groupFindings } from "../../src/ops/analyze/mod.ts";
import type { Finding, ReportInput } from "../../src/report/model.ts";

/** Title of the duration chart the first screen must show. */
export const DURATION_CHART = "Duration per run (oldest first)";

const WORKFLOWS = Array.from({ length: 12 }, (_, i) => `.github/workflows/crate-${i + 1}.yml`);

function findings(): Finding[] {
  const pins = WORKFLOWS.flatMap((file, i) =>
    ["actions/checkout@v4", "dtolnay/rust-toolchain@stable", "Swatinem/rust-cache@v2"].map(
      (action, j): Finding => ({
        ruleId: "unpinned-action",
        severity: "warning",
        file,
        line: 10 + j * 4 + i,
        message: `\`${action}\` is pinned to a tag, not a commit SHA`,
        fix: "Pin the action to the full commit SHA and keep the tag in a comment.",
      }),
    )
  );
  const timeouts = WORKFLOWS.map((file, i): Finding => ({
    ruleId: "missing-timeout",
    severity: "notice",
    file,
    line: 6 + i,
    job: "build",
    message: "Job `build` has no `timeout-minutes`",
    fix: "Add `timeout-minutes: 30` to the job.",
  }));
  return [...pins, ...timeouts];
}

// Durations in seconds: about 10 minutes up to run 38, about 14 after it.
const durations = Array.from({ length: 60 }, (_, i) => ({
  x: i + 1,
  y: (i < 37 ? 600 : 840) + ((i * 37) % 23) * 3,
}));

/**
 * A report with a regression, a flaky job, 48 findings in 2 groups, 2 charts and 2 tables.
 *
 * @example
 * ```ts
 * const report = await saveReport(store, regressionReport(), deps);
 * ```
 */
export function regressionReport(): ReportInput {
  const all = findings();
  return {
    title: "Analyze rust-lang/big-project",
    status: "failure",
    summary: "`ci.yml` is 40 % slower since run 38 (median 14m, was 10m) and job `integration` " +
      "is flaky. 48 findings in 2 rules.",
    fields: [
      { label: "Workflows", value: String(WORKFLOWS.length + 1) },
      { label: "Runs read", value: "60" },
      { label: "Median / p90 duration", value: "14m 2s / 15m 10s" },
    ],
    findings: all,
    groups: groupFindings(all),
    tables: [
      {
        title: "Flaky jobs",
        columns: ["Workflow", "Job", "Runs", "Red runs", "Evidence"],
        rows: [["ci.yml", "integration", "60", "7", "passed on re-run in runs 41, 47 and 52"]],
      },
      {
        title: "Run history per workflow",
        columns: ["Workflow", "Runs", "Success", "Trend", "Median", "p90"],
        rows: [
          ["ci.yml", "60", "88%", "slower since run 38", "14m 2s", "15m 10s"],
          ...WORKFLOWS.map((w) => [w, "20", "100%", "steady", "3m 1s", "3m 40s"]),
        ],
      },
    ],
    charts: [
      {
        title: DURATION_CHART,
        kind: "line",
        unit: "s",
        series: [{ name: "ci.yml", points: durations }],
      },
      {
        title: "Median job duration",
        kind: "bar",
        unit: "s",
        series: [{
          name: "ci.yml",
          points: [{ x: "build", y: 312 }, { x: "test", y: 401 }, { x: "integration", y: 128 }],
        }],
      },
    ],
    sections: [{
      title: "Duration changes",
      markdown: "`ci.yml` got slower from run 38: median 14m 2s, was 10m 1s.",
    }],
    links: [{ label: "Run 38", url: "https://github.com/rust-lang/big-project/actions/runs/38" }],
  };
}
