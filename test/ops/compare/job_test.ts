import assert from "node:assert/strict";
import type { StepContext } from "../../../src/jobs/definition.ts";
import { memoryLogger } from "../../../src/log.ts";
import { compareJob } from "../../../src/ops/compare/mod.ts";
import { githubProvider } from "../../../src/providers/github/provider.ts";
import { type ReportInput, ReportSchema } from "../../../src/report/model.ts";
import { startGitHubSim } from "../../sim/github.ts";
import { TOKEN } from "./sim_runs.ts";

const DISPATCHABLE = (name: string) =>
  `name: ${name}\non: workflow_dispatch\njobs:\n  test:\n    runs-on: ubuntu-latest\n` +
  "    steps:\n      - run: make test\n";

/**
 * Runs `compare runs:5` as the job runner would, on a manual simulator clock: the baseline's
 * test job takes 300 s ± 2 s, the candidate's 30 s more.
 */
async function activeCompare(settings?: string): Promise<ReportInput> {
  const sim = await startGitHubSim({ token: TOKEN, start: "2026-11-24T10:00:00Z" });
  try {
    sim.state.addRepo("acme/app", {
      files: {
        ".github/workflows/ci.yml": DISPATCHABLE("CI"),
        ".github/workflows/ci-slow.yml": DISPATCHABLE("CI slow"),
        ...(settings ? { ".github/ci-orchestrator.yml": settings } : {}),
      },
    });
    for (const [workflow, seconds] of [["ci.yml", 300], ["ci-slow.yml", 330]] as const) {
      sim.state.script("acme/app", workflow, ({ n }) => ({
        queueMs: 10_000,
        jobs: [{ name: "test", durationMs: (seconds + (n % 5) - 2) * 1000 }],
      }));
    }
    const log = memoryLogger();
    const provider = githubProvider({ baseUrl: sim.url, token: TOKEN, log });
    const ctx: StepContext = {
      jobId: "compare-1",
      provider,
      log,
      now: () => sim.clock.now(),
      defaultRepo: "acme/app",
      once: (_key, fn) => fn({ resumed: false, startedAt: sim.clock.now().toISOString() }),
      watchRun: () => Promise.resolve(),
    };
    let state = await compareJob.plan(
      { op: "compare", baseline: "ci.yml", candidate: "ci-slow.yml", runs: 5 } as never,
      ctx,
    );
    for (let turn = 0; turn < 2_000; turn++) {
      const result = await compareJob.step(state, ctx);
      if (result.kind === "done") return ReportSchema.parse(result.report) as ReportInput;
      // A runner that wakes later than asked (as a busy one does) keeps the test short; the
      // runs' times come from the simulator's script, not from when they were polled.
      if (result.kind === "wait") sim.clock.advance(Math.max(result.delayMs, 60_000));
      state = result.state;
    }
    assert.fail("the comparison did not finish");
  } finally {
    await sim.close();
  }
}

const fieldsOf = (r: ReportInput) => Object.fromEntries(r.fields!.map((f) => [f.label, f.value]));
const method = (r: ReportInput) => r.sections!.find((s) => s.title === "Method")!.markdown;

Deno.test("compare runs:5 (job): +30 s on 5 minutes is meaningful with the default settings", async () => {
  const r = await activeCompare();
  const fields = fieldsOf(r);
  assert.equal(fields["Runs timed"], "5 vs 5");
  assert.equal(fields["Verdict"], "Slower");
  assert.equal(fields["Practical threshold"], "15s");
  assert.match(r.summary, /^ci-slow\.yml is 10% slower than ci\.yml: \+30s, p = 0\.008/);
  assert.match(method(r), /are the defaults: there is no compare section in .* at main/);
});

Deno.test("compare runs:5 (job): min-effect: 1m read when planning makes the change small", async () => {
  const r = await activeCompare("compare:\n  min-effect: 1m\n");
  const fields = fieldsOf(r);
  assert.equal(fields["Verdict"], "Slower, small change");
  assert.equal(fields["Practical threshold"], "1m");
  assert.equal(r.status, "warning");
  assert.match(
    method(r),
    /set in the compare section of acme\/app \.github\/ci-orchestrator\.yml at main/,
  );
});

Deno.test("compare runs:N (job): a wrong compare section refuses the job before any dispatch", async () => {
  await assert.rejects(
    activeCompare("compare:\n  relative: 5\n"),
    /compare\.relative \(line 2\): write a percentage/,
  );
});
