import assert from "node:assert/strict";
import { failingSteps, NO_FAILED_STEP, slowestSteps } from "../../../src/ops/history/steps.ts";
import { record } from "./fixtures.ts";

const steps = (install: number, test: number, testConclusion = "success") => [
  { name: "npm ci", durationMs: install },
  { name: "npm test", durationMs: test, conclusion: testConclusion },
];

Deno.test("slowest steps: median and p90 of successful job runs, slowest first", () => {
  const records = [10, 20, 30, 40, 50].map((s, i) =>
    record({
      id: i + 1,
      jobs: [{ name: "test", durationMs: 200_000, steps: steps(s * 1000, 5_000) }],
    })
  );
  // A failed job's steps do not count, however slow.
  records.push(record({
    id: 6,
    conclusion: "failure",
    jobs: [{
      name: "test",
      durationMs: 1,
      conclusion: "failure",
      steps: steps(900_000, 1_000, "failure"),
    }],
  }));
  const out = slowestSteps(records);
  assert.deepEqual(out, [
    // R: quantile(c(10, 20, 30, 40, 50), 0.9) = 46.
    { job: "test", step: "npm ci", runs: 5, medianMs: 30_000, p90Ms: 46_000 },
    { job: "test", step: "npm test", runs: 5, medianMs: 5_000, p90Ms: 5_000 },
  ]);
  assert.equal(slowestSteps(records, 1).length, 1);
});

Deno.test("failing steps: counted per job and first failed step, with the latest failure", () => {
  const failing = (id: number, step: string | undefined) =>
    record({
      id,
      conclusion: "failure",
      jobs: [{
        name: "test",
        durationMs: 1_000,
        conclusion: "failure",
        steps: step
          ? [{ name: "npm ci", durationMs: 1 }, {
            name: step,
            durationMs: 1,
            conclusion: "failure",
          }]
          : [],
      }],
    });
  const records = [
    failing(1, "npm test"),
    failing(2, "lint"),
    failing(3, "npm test"),
    failing(4, undefined),
  ];
  const out = failingSteps(records);
  assert.deepEqual(out.map((f) => [f.step, f.failures, f.lastRunId]), [
    ["npm test", 2, 3],
    [NO_FAILED_STEP, 1, 4],
    ["lint", 1, 2],
  ]);
  assert.equal(out[0].lastJobId, records[2].jobs[0].id);
});
