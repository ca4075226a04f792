import assert from "node:assert/strict";
import { flakyEvidence } from "../../../src/ops/history/flaky.ts";
import { record } from "./fixtures.ts";

const ok = (name: string) => ({ name, durationMs: 60_000 });
const bad = (name: string) => ({ name, durationMs: 30_000, conclusion: "failure" });

Deno.test("a job that failed and passed on the same SHA in different runs is flaky", () => {
  const evidence = flakyEvidence([
    record({ id: 1, sha: "aaa", conclusion: "failure", jobs: [ok("build"), bad("integration")] }),
    record({ id: 2, sha: "aaa", jobs: [ok("build"), ok("integration")] }),
    // Failed on one SHA and passed on another: a fix, not flakiness.
    record({ id: 3, sha: "bbb", conclusion: "failure", jobs: [bad("build"), ok("integration")] }),
    record({ id: 4, sha: "ccc", jobs: [ok("build"), ok("integration")] }),
  ]);
  assert.deepEqual([...evidence.keys()].filter((k) => evidence.get(k)!.length > 0), [
    "integration",
  ]);
  assert.deepEqual(evidence.get("integration"), [
    { headSha: "aaa", failedRunId: 1, passedRunId: 2 },
  ]);
});

Deno.test("a job re-run in a later attempt that passed is flaky; jobs carried over are not", () => {
  const evidence = flakyEvidence([
    record({
      id: 7,
      sha: "ddd",
      attempt: 2,
      attemptStartMs: 600_000,
      jobs: [
        { name: "build", startMs: 10_000, durationMs: 60_000 },
        { name: "integration", startMs: 610_000, durationMs: 60_000 },
      ],
    }),
  ]);
  assert.deepEqual(evidence.get("integration"), [
    { headSha: "ddd", failedRunId: 7, passedRunId: 7 },
  ]);
  assert.equal(evidence.get("build"), undefined);
});

Deno.test("re-running every job of a multi-job run names no job", () => {
  const evidence = flakyEvidence([
    record({
      id: 8,
      attempt: 2,
      attemptStartMs: 600_000,
      jobs: [
        { name: "build", startMs: 610_000, durationMs: 60_000 },
        { name: "test", startMs: 620_000, durationMs: 60_000 },
      ],
    }),
  ]);
  assert.equal(evidence.size, 0);
});

Deno.test("a provider-reported runAttempt decides over start times", () => {
  const r = record({
    id: 9,
    attempt: 2,
    attemptStartMs: 600_000,
    jobs: [ok("build"), ok("integration")],
  });
  r.jobs[0].runAttempt = 1;
  r.jobs[1].runAttempt = 2;
  assert.deepEqual([...flakyEvidence([r]).keys()], ["integration"]);
});
