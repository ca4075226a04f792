import assert from "node:assert/strict";
import { describeChange, historyReport } from "../../../src/ops/analyze/history_report.ts";
import type { WorkflowHistory } from "../../../src/ops/history/model.ts";

const workflow = (over: Partial<WorkflowHistory> = {}): WorkflowHistory => ({
  workflow: ".github/workflows/ci.yml",
  name: "CI",
  runsSampled: 60,
  window: { from: "2026-11-02T00:00:00Z", to: "2026-11-21T16:00:00Z" },
  successRate: { estimate: 0.95, lower: 0.86, upper: 0.98, confidence: 0.95 },
  trend: { recent: 0.9, previous: 1 },
  durationMedianMs: 370_000,
  durationP90Ms: 525_000,
  queueMedianMs: 15_000,
  jobs: [],
  slowestSteps: [],
  failingSteps: [],
  billableMinutes: 360,
  runsPerWeek: 14,
  durations: Array.from({ length: 60 }, (_, i) => ({
    runId: i + 1,
    at: "2026-11-02T00:00:00Z",
    ms: 370_000 + i * 1_000,
    conclusion: i % 20 === 0 ? "failure" : "success",
  })),
  ...over,
});

Deno.test("the change point in words, with the relative shift", () => {
  const w = workflow({
    changePoint: {
      runId: 1234,
      at: "2026-11-02T08:00:00Z",
      index: 40,
      beforeMedianMs: 370_000,
      afterMedianMs: 525_000,
    },
  });
  assert.equal(
    describeChange(w),
    "ci.yml got slower from run 1234 on 2 Nov 2026 (run 40 of the 60 sampled): median 6m 10s → 8m 45s (+42%).",
  );
  assert.equal(describeChange(workflow()), undefined);
  const parts = historyReport({
    repo: "acme/app",
    workflows: [w],
    sampled: "",
    apiCalls: { requests: 0, rateLimited: 0, notModified: 0 },
  });
  assert.deepEqual(parts.concerns, [describeChange(w)]);
});

Deno.test("fields and the per-workflow row: rates, durations, billable minutes per week", () => {
  const parts = historyReport({
    repo: "acme/app",
    workflows: [
      workflow(),
      workflow({ workflow: ".github/workflows/idle.yml", runsSampled: 0, durations: [] }),
    ],
    sampled: "",
    apiCalls: { requests: 0, rateLimited: 0, notModified: 0 },
  });
  const fields = Object.fromEntries(parts.fields.map((f) => [f.label, f.value]));
  // 57 of 60 succeeded (runs 1, 21, 41 failed); Wilson 95%: 86.3%–98.3%.
  assert.equal(fields["Success rate"], "95% of 60 runs (95% CI 86%–98%)");
  assert.equal(fields["Median / p90 duration"], "6m 10s / 8m 45s");
  // 360 minutes over 60 runs at 14 runs a week.
  assert.equal(fields["Billable minutes / week"], "≈ 84");
  assert.deepEqual(parts.tables[0].rows, [
    [".github/workflows/ci.yml", "60", "95%", "↓", "6m 10s", "8m 45s", "15s", "84"],
  ]);
  assert.deepEqual(parts.concerns, []);
  assert.equal(parts.charts[0].series[0].points[59].y, 429);
});
