import assert from "node:assert/strict";
import type { RepoHistory, WorkflowHistory } from "../../../src/ops/history/model.ts";
import { buildInsights } from "../../../src/ops/analyze/insights.ts";
import type { Finding } from "../../../src/report/model.ts";

const RUN = "https://github.com/acme/app/actions/runs";

function workflow(over: Partial<WorkflowHistory> = {}): WorkflowHistory {
  return {
    workflow: ".github/workflows/ci.yml",
    name: "CI",
    runsSampled: 20,
    window: { from: "2026-11-01T00:00:00Z", to: "2026-11-20T00:00:00Z" },
    successRate: { estimate: 0.8, lower: 0.6, upper: 0.9, confidence: 0.95 },
    trend: { recent: 0.8, previous: 0.8 },
    durationMedianMs: 300_000,
    durationP90Ms: 400_000,
    queueMedianMs: 10_000,
    jobs: [],
    slowestSteps: [],
    failingSteps: [],
    billableMinutes: 100,
    runsPerWeek: 7,
    durations: Array.from({ length: 20 }, (_, i) => ({
      runId: 100 + i,
      at: `2026-11-${String(i + 1).padStart(2, "0")}T00:00:00Z`,
      ms: 300_000,
      conclusion: "success",
      url: `${RUN}/${100 + i}`,
    })),
    ...over,
  };
}

const history = (...workflows: WorkflowHistory[]): RepoHistory => ({
  repo: "acme/app",
  workflows,
  sampled: "",
  apiCalls: { requests: 0, rateLimited: 0, notModified: 0 },
});

const job = {
  runs: 20,
  medianMs: 1,
  p90Ms: 1,
  queueMedianMs: 0,
  os: "linux" as const,
  selfHosted: false,
  billableMinutes: 1,
};

const finding = (ruleId: string, severity: Finding["severity"], file: string): Finding => ({
  ruleId,
  severity,
  file,
  message: "m",
});

Deno.test("no data, no insights; a faster workflow is no regression", () => {
  assert.deepEqual(buildInsights({ findings: [] }), []);
  const faster = workflow({
    changePoint: { runId: 110, at: "", index: 11, beforeMedianMs: 400_000, afterMedianMs: 300_000 },
  });
  assert.deepEqual(buildInsights({ history: history(faster), findings: [] }), []);
});

Deno.test("a slowdown, a flaky job, security errors and a hot spot, in that order", () => {
  const w = workflow({
    changePoint: { runId: 112, at: "", index: 13, beforeMedianMs: 304_000, afterMedianMs: 425_600 },
    jobs: [
      {
        ...job,
        name: "integration",
        failures: 4,
        flaky: true,
        flakyEvidence: [
          { headSha: "a", failedRunId: 103, passedRunId: 104 },
          { headSha: "b", failedRunId: 108, passedRunId: 108 },
        ],
      },
      { ...job, name: "lint", failures: 3, flaky: false, flakyEvidence: [] },
    ],
    failingSteps: [
      { job: "integration", step: "Run tests", failures: 4, lastRunId: 108 },
      { job: "lint", step: "Lint", failures: 3, lastRunId: 115 },
      { job: "lint", step: "Format", failures: 1, lastRunId: 111 },
    ],
  });
  const findings = [
    finding("script-injection", "error", "a.yml"),
    finding("script-injection", "error", "b.yml"),
    finding("dangerous-trigger", "error", "a.yml"),
    finding("dangerous-trigger", "warning", "c.yml"),
    finding("deprecated-command", "error", "a.yml"),
  ];
  assert.deepEqual(buildInsights({ history: history(w), findings }), [
    {
      kind: "regression",
      title: "ci.yml is 40% slower since run 112",
      detail: "Median 5m 4s → 7m 6s, from run 13 of the 20 sampled on.",
      url: `${RUN}/112`,
      at: "2026-11-13T00:00:00Z",
    },
    {
      kind: "flaky",
      title: "Job integration in ci.yml is flaky",
      detail: "Failed 4 of 20 runs, passed on the same commit afterwards once and passed on a " +
        "re-run once; last in run 108.",
      url: `${RUN}/108`,
      at: "2026-11-09T00:00:00Z",
    },
    {
      kind: "security",
      title: "3 security errors in 2 files",
      detail: "script-injection (2), dangerous-trigger (1).",
    },
    {
      kind: "hotspot",
      title: 'Step "Lint" of ci.yml › lint failed 3 times',
      detail: "The most frequent failure in the history; last in run 115.",
      url: `${RUN}/115`,
      at: "2026-11-16T00:00:00Z",
    },
  ]);
});

Deno.test("at most five insights", () => {
  const slow = (name: string) =>
    workflow({
      workflow: `.github/workflows/${name}.yml`,
      changePoint: { runId: 105, at: "", index: 6, beforeMedianMs: 100, afterMedianMs: 200 },
    });
  const insights = buildInsights({
    history: history(...["a", "b", "c", "d", "e", "f"].map(slow)),
    findings: [],
  });
  assert.deepEqual(insights.map((i) => i.title.split(" ")[0]), [
    "a.yml",
    "b.yml",
    "c.yml",
    "d.yml",
    "e.yml",
  ]);
});
