import assert from "node:assert/strict";
import { busiest, describeSample } from "../../../src/ops/history/sampling.ts";
import type { RunInfo, WorkflowInfo } from "../../../src/providers/port.ts";

const wf = (i: number): WorkflowInfo => ({
  id: i,
  name: `w${i}`,
  path: `.github/workflows/w${i}.yml`,
  state: "active",
});
const run = (workflowId: number, path?: string) => ({ workflowId, path } as RunInfo);

Deno.test("busiest ranks by recent runs (by path or id), then by path", () => {
  const all = [1, 2, 3, 4, 5].map(wf);
  const recent = [
    run(3),
    run(3, ".github/workflows/w3.yml"),
    run(5),
    run(2, ".github/workflows/w2.yml"),
  ];
  assert.deepEqual(busiest(all, recent, 3).map((w) => w.id), [3, 2, 5]);
  assert.deepEqual(busiest(all, [], 2).map((w) => w.id), [1, 2]);
});

Deno.test("the sampled sentence names the caps, the ranking and the window", () => {
  assert.equal(
    describeSample({
      totalWorkflows: 1,
      runs: [{ workflow: ".github/workflows/ci.yml", runs: 60 }],
      maxRuns: 100,
      since: "2026-10-25",
    }),
    "60 completed runs since 2026-10-25: every run of ci.yml.",
  );
  assert.equal(
    describeSample({
      totalWorkflows: 300,
      runs: [
        { workflow: ".github/workflows/ci.yml", runs: 100 },
        ...Array.from({ length: 19 }, (_, i) => ({ workflow: `w${i}.yml`, runs: 0 })),
      ],
      maxRuns: 100,
      since: "2026-10-25",
      rankedBy: 300,
    }),
    "100 completed runs since 2026-10-25: the last 100 of ci.yml (the cap per workflow) and " +
      "every run of 19 other workflows, from the 20 busiest of 300 workflows (ranked by their " +
      "share of the latest 300 completed runs).",
  );
  assert.equal(
    describeSample({
      totalWorkflows: 3,
      runs: [{ workflow: "a.yml", runs: 5 }, { workflow: "b.yml", runs: 7 }],
      maxRuns: 100,
      since: "2026-10-25",
    }),
    "12 completed runs since 2026-10-25: every run of 2 workflows, from 2 of 3 workflows.",
  );
});
