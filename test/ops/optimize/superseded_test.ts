import assert from "node:assert/strict";
import type { RunTrace } from "../../../src/ops/history/model.ts";
import { supersededRuns } from "../../../src/ops/optimize/superseded.ts";
import { poissonRange } from "../../../src/ops/optimize/measure.ts";

const MIN = 60_000;
const trace = (
  runId: number,
  branch: string,
  sha: string,
  createdMin: number,
  jobs: Array<[string, number, number]>,
  event = "pull_request",
): RunTrace => ({
  runId,
  event,
  branch,
  headSha: sha,
  createdMs: createdMin * MIN,
  endMs: Math.max(...jobs.map(([, , end]) => end * MIN)),
  jobs: jobs.map(([name, start, end]) => ({
    name,
    startMs: start * MIN,
    endMs: end * MIN,
    conclusion: "success",
  })),
});

Deno.test("superseded: the time each job ran after a newer commit's run was created", () => {
  const runs = [
    // 1 is superseded by 2 at minute 3: build ran 3 → 6 (3 min), lint 1 → 4 (1 min), docs ended at 2.
    trace(1, "fix", "a", 0, [["build", 1, 6], ["lint", 1, 4], ["docs", 1, 2]]),
    trace(2, "fix", "b", 3, [["build", 4, 9]]),
    // Same commit again: a re-run, not a newer commit.
    trace(3, "fix", "b", 5, [["build", 6, 11]]),
    // Another branch overlapping: never supersedes `fix`.
    trace(4, "other", "c", 4, [["build", 5, 10]]),
    // Kept branch and out-of-scope event.
    trace(5, "main", "m1", 20, [["build", 21, 26]]),
    trace(6, "main", "m2", 22, [["build", 23, 28]]),
    trace(7, "topic", "p1", 40, [["build", 41, 46]], "push"),
    trace(8, "topic", "p2", 42, [["build", 43, 48]], "push"),
  ];
  const pr = supersededRuns(runs, {
    events: new Set(["pull_request"]),
    keepBranches: new Set(["main"]),
  });
  assert.deepEqual(pr, [{ runId: 1, byRunId: 2, branch: "fix", savedMs: 4 * MIN }]);
  const push = supersededRuns(runs, { events: new Set(["push"]) });
  assert.deepEqual(push, [{ runId: 7, byRunId: 8, branch: "topic", savedMs: 4 * MIN }]);
});

Deno.test("poisson range brackets the count and widens when it is small", () => {
  const nine = poissonRange(9);
  assert.ok(nine.low > 4 && nine.low < 4.2, String(nine.low));
  assert.ok(nine.high > 17 && nine.high < 17.2, String(nine.high));
  assert.deepEqual(poissonRange(0).low, 0);
  assert.ok(Math.abs(poissonRange(0).high - 3.689) < 0.001);
});
