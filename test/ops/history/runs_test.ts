import assert from "node:assert/strict";
import { runTraces } from "../../../src/ops/history/runs.ts";
import { summarizeWorkflow } from "../../../src/ops/history/workflow.ts";
import { iso, record, T0 } from "./fixtures.ts";

Deno.test("run traces keep branch, commit, event and job spans, oldest first", () => {
  const late = record({ id: 2, minute: 30, sha: "b", jobs: [{ name: "t", durationMs: 90_000 }] });
  const early = record({
    id: 1,
    minute: 0,
    sha: "a",
    jobs: [{ name: "t", durationMs: 60_000 }, { name: "lint", startMs: 20_000, durationMs: 5_000 }],
  });
  early.run = { ...early.run, event: "pull_request", headBranch: "fix" };
  // A job that never started used no runner: it is left out.
  early.jobs.push({ ...early.jobs[0], id: 9, name: "deploy", startedAt: null, completedAt: null });
  const traces = runTraces([late, early]);
  assert.deepEqual(traces.map((t) => t.runId), [1, 2]);
  assert.equal(traces[0].event, "pull_request");
  assert.equal(traces[0].branch, "fix");
  assert.equal(traces[0].headSha, "a");
  assert.equal(traces[0].createdMs, T0);
  assert.deepEqual(traces[0].jobs.map((j) => [j.name, j.endMs - j.startMs]), [
    ["t", 60_000],
    ["lint", 5_000],
  ]);
  assert.equal(traces[0].endMs, T0 + 10_000 + 60_000);
  assert.equal(new Date(traces[1].createdMs).toISOString(), iso(T0 + 30 * 60_000));

  const summary = summarizeWorkflow({ name: "CI", path: "ci.yml" }, [late, early], {
    windowStart: iso(T0),
    windowEnd: iso(T0 + 7 * 86_400_000),
  });
  assert.deepEqual(summary.runs, traces);
});
