import assert from "node:assert/strict";
import { flakyEvidence } from "../../../src/ops/history/flaky.ts";
import { jobHistories } from "../../../src/ops/history/jobs.ts";
import { record } from "./fixtures.ts";

Deno.test("job histories: runs, failures, medians, queue, runner and billable minutes", () => {
  const records = [
    record({
      id: 1,
      sha: "s1",
      conclusion: "failure",
      jobs: [
        { name: "build", startMs: 20_000, durationMs: 90_000, labels: ["windows-latest"] },
        { name: "e2e", startMs: 5_000, durationMs: 30_000, conclusion: "failure" },
        { name: "docs", durationMs: 600_000, labels: ["self-hosted", "Linux"] },
      ],
    }),
    record({
      id: 2,
      sha: "s1",
      jobs: [
        { name: "build", startMs: 40_000, durationMs: 150_000, labels: ["windows-latest"] },
        { name: "e2e", startMs: 5_000, durationMs: 61_000 },
        { name: "docs", durationMs: 600_000, labels: ["self-hosted", "Linux"] },
      ],
    }),
  ];
  const jobs = jobHistories(records, flakyEvidence(records));
  assert.deepEqual(jobs.map((j) => j.name), ["docs", "build", "e2e"]);
  const [docs, build, e2e] = jobs;
  assert.deepEqual(
    [build.runs, build.failures, build.medianMs, build.queueMedianMs, build.os],
    [2, 0, 120_000, 30_000, "windows"],
  );
  // Windows ×2: ⌈1.5⌉ + ⌈2.5⌉ = 5 minutes → 10.
  assert.equal(build.billableMinutes, 10);
  assert.deepEqual([docs.selfHosted, docs.billableMinutes], [true, 0]);
  // The failed run is billed (⌈0.5⌉ = 1) but not timed; the passed one takes ⌈61 s⌉ = 2.
  assert.deepEqual([e2e.failures, e2e.medianMs, e2e.billableMinutes], [1, 61_000, 3]);
  assert.equal(e2e.flaky, true);
  assert.deepEqual(e2e.flakyEvidence, [{ headSha: "s1", failedRunId: 1, passedRunId: 2 }]);
  assert.equal(build.flaky, false);
});
