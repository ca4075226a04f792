import assert from "node:assert/strict";
import { runsPerWeek, summarizeWorkflow } from "../../../src/ops/history/workflow.ts";
import { iso, record, T0 } from "./fixtures.ts";

const info = { name: "CI", path: ".github/workflows/ci.yml" };

Deno.test("runs per week over the window, at least a day long", () => {
  assert.equal(runsPerWeek(60, "2026-10-25T00:00:00Z", "2026-11-24T00:00:00Z"), 14);
  assert.equal(runsPerWeek(3, "2026-11-24T00:00:00Z", "2026-11-24T00:10:00Z"), 21);
});

Deno.test("summary: durations of clean successes, queue, rates, failing steps with excerpts", () => {
  const records = [
    record({ id: 3, jobs: [{ name: "test", startMs: 30_000, durationMs: 300_000 }] }),
    record({ id: 1, jobs: [{ name: "test", startMs: 10_000, durationMs: 100_000 }] }),
    record({ id: 2, jobs: [{ name: "test", startMs: 20_000, durationMs: 200_000 }] }),
    record({
      id: 4,
      conclusion: "failure",
      jobs: [{
        name: "test",
        startMs: 40_000,
        durationMs: 5_000,
        conclusion: "failure",
        steps: [{ name: "npm test", durationMs: 5_000, conclusion: "failure" }],
      }],
    }),
    record({ id: 5, conclusion: "cancelled", jobs: [] }),
  ];
  const failedJob = records[3].jobs[0].id;
  const h = summarizeWorkflow(info, records, {
    logs: new Map([[failedJob, "Error: expected 1 to be 2"]]),
    windowStart: iso(T0),
    windowEnd: iso(T0 + 7 * 86_400_000),
  });
  assert.equal(h.runsSampled, 5);
  assert.deepEqual(h.durations.map((d) => [d.runId, d.ms]), [
    [1, 100_000],
    [2, 200_000],
    [3, 300_000],
    [4, 5_000],
    // No jobs: from the run's start to its last update, as compare's runSample does.
    [5, 3_600_000],
  ]);
  assert.equal(h.durationMedianMs, 200_000);
  // R type 7: 200 + 0.8 × 100 = 280 s.
  assert.equal(h.durationP90Ms, 280_000);
  // Queues 10, 20, 30, 40 s and 0 (a run with no jobs): median 20 s.
  assert.equal(h.queueMedianMs, 20_000);
  assert.equal(h.successRate.estimate, 0.75);
  assert.deepEqual(h.trend, { recent: 0.5, previous: 1 });
  assert.deepEqual(h.window, { from: iso(T0 + 60_000), to: iso(T0 + 5 * 60_000) });
  assert.equal(h.runsPerWeek, 5);
  // ⌈100/60⌉ + ⌈200/60⌉ + ⌈300/60⌉ + ⌈5/60⌉ = 2 + 4 + 5 + 1.
  assert.equal(h.billableMinutes, 12);
  assert.deepEqual(h.failingSteps, [{
    job: "test",
    step: "npm test",
    failures: 1,
    lastRunId: 4,
    excerpt: "Error: expected 1 to be 2",
  }]);
  assert.equal(h.changePoint, undefined);
});

Deno.test("summary: the change point's index counts every sampled run, failures included", () => {
  const records = Array.from({ length: 30 }, (_, i) => {
    const id = i + 1;
    if (id % 7 === 0) {
      return record({
        id,
        conclusion: "failure",
        jobs: [{ name: "test", durationMs: 1_000, conclusion: "failure" }],
      });
    }
    const ms = (id >= 18 ? 420_000 : 300_000) + (id % 5) * 2_000;
    return record({ id, jobs: [{ name: "test", durationMs: ms }] });
  });
  const h = summarizeWorkflow(info, records, {
    windowStart: iso(T0),
    windowEnd: iso(T0 + 86_400_000),
  });
  assert.equal(h.changePoint?.index, 18);
  assert.equal(h.changePoint?.runId, 18);
  assert.equal(h.changePoint?.at, iso(T0 + 18 * 60_000));
  // Before: 300 + {2,4,6,8,0,2,4,6,8,2,4,6,8,0,2} s (ids 1–17 without 7 and 14) → median 304 s.
  assert.equal(h.changePoint?.beforeMedianMs, 304_000);
  assert.equal(h.changePoint?.afterMedianMs, 424_000);
});
