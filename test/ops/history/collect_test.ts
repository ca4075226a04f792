import assert from "node:assert/strict";
import { memoryLogger } from "../../../src/log.ts";
import { analyze } from "../../../src/ops/analyze/mod.ts";
import { collectRepoHistory, RANK_SAMPLE } from "../../../src/ops/history/collect.ts";
import { githubProvider } from "../../../src/providers/github/provider.ts";
import { ReportSchema } from "../../../src/report/model.ts";
import { startGitHubSim } from "../../sim/github.ts";

const TOKEN = "ghp_collectSimToken0123456789abcdef";
const NOW = new Date("2026-11-24T12:00:00Z");
const WF = (name: string) =>
  `name: ${name}\non: push\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: make t\n`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

// 300 workflows; ci.yml has 3,000 runs in the window, w007.yml the 5 newest, the rest none.
async function bigRepo() {
  const sim = await startGitHubSim({ token: TOKEN, now: () => NOW });
  sim.state.addRepo("acme/big", { files: { ".github/workflows/ci.yml": WF("CI") } });
  const start = Date.parse("2026-11-01T00:00:00Z");
  const addRun = (workflow: string, created: number, conclusion: "success" | "failure") =>
    sim.state.addRun("acme/big", {
      workflow,
      created_at: iso(created),
      run_started_at: iso(created),
      updated_at: iso(created + 70_000),
      status: "completed",
      conclusion,
      jobs: [{
        name: "t",
        started_at: iso(created + 5_000),
        completed_at: iso(created + 65_000),
        conclusion,
        steps: [{ name: "make t", conclusion }],
      }],
    });
  // Seeded before the other files exist: the sim derives workflows from files on every call.
  for (let i = 0; i < 3000; i++) {
    addRun("ci.yml", start + i * 600_000, i % 50 === 0 ? "failure" : "success");
  }
  for (let i = 1; i < 300; i++) {
    const name = `w${String(i).padStart(3, "0")}`;
    sim.state.setFile("acme/big", `.github/workflows/${name}.yml`, WF(name));
  }
  for (let i = 0; i < 5; i++) {
    addRun("w007.yml", Date.parse("2026-11-23T00:00:00Z") + i * 60_000, "success");
  }
  const provider = githubProvider({
    baseUrl: sim.url,
    token: TOKEN,
    log: memoryLogger(),
    retryAfterBaseValue: 5,
  });
  return { sim, provider, [Symbol.asyncDispose]: () => sim.close() };
}

Deno.test("300 workflows and 3,000 runs are sampled within a derived bound of API calls", async () => {
  await using env = await bigRepo();
  const history = await collectRepoHistory(env.provider, "acme/big", {
    since: "2026-10-25",
    now: () => NOW,
  });
  // Bound: listing ⌈300/100⌉ + ranking ⌈300/100⌉ + 20 workflows × one page of runs
  // + jobs of the 100 + 5 sampled runs + logs of ≤ 5 failing steps (ci.yml has one) = 132.
  const bound = 3 + Math.ceil(RANK_SAMPLE / 100) + 20 + 105 + 1;
  assert.ok(history.apiCalls.requests <= bound, `${history.apiCalls.requests} > ${bound}`);
  assert.ok(history.apiCalls.requests >= bound - 1, `${history.apiCalls.requests}`);
  assert.equal(history.workflows.length, 20);
  assert.deepEqual(history.workflows.slice(0, 2).map((w) => [w.workflow, w.runsSampled]), [
    [".github/workflows/ci.yml", 100],
    [".github/workflows/w007.yml", 5],
  ]);
  assert.equal(
    history.sampled,
    "105 completed runs since 2026-10-25: the last 100 of ci.yml (the cap per workflow) and every " +
      "run of 19 other workflows, from the 20 busiest of 300 workflows (ranked by their share of " +
      "the latest 300 completed runs).",
  );
  // Capped: runs per week over the span from the oldest sampled run (#2,901) to now, not 30 days.
  const oldest = Date.parse("2026-11-01T00:00:00Z") + 2900 * 600_000;
  const expected = (100 * 7 * 86_400_000) / (NOW.getTime() - oldest);
  assert.ok(Math.abs(history.workflows[0].runsPerWeek - expected) < 1e-9);

  // The whole analysis adds the static reads: at most 200 files.
  const before = env.provider.usage().requests;
  const report = ReportSchema.parse(
    await analyze({ op: "analyze", repo: "acme/big" }, {
      provider: env.provider,
      log: memoryLogger(),
      now: () => NOW,
    }),
  );
  const used = env.provider.usage().requests - before;
  assert.ok(used <= 3 + 200 + bound, `${used} calls`);
  const sampled = report.sections.find((s) => s.title === "What was analysed")!.markdown;
  assert.match(sampled, /Analysed the first 200 of 300 workflow files/);
  assert.match(sampled, /the last 100 of ci\.yml \(the cap per workflow\)/);
  assert.match(sampled, /the 20 busiest of 300 workflows/);
});

Deno.test("workflows given by name are resolved, each costing one listing of runs", async () => {
  const sim = await startGitHubSim({ token: TOKEN, now: () => NOW });
  await using _close = { [Symbol.asyncDispose]: () => sim.close() };
  sim.state.addRepo("acme/small", {
    files: { ".github/workflows/ci.yml": WF("CI"), ".github/workflows/w007.yml": WF("w007") },
  });
  const provider = githubProvider({
    baseUrl: sim.url,
    token: TOKEN,
    log: memoryLogger(),
    retryAfterBaseValue: 5,
  });
  const history = await collectRepoHistory(provider, "acme/small", {
    workflows: ["w007.yml", ".github/workflows/ci.yml"],
    since: "2026-11-24",
    maxRunsPerWorkflow: 3,
    logExcerpts: 0,
    now: () => NOW,
  });
  assert.deepEqual(history.workflows.map((w) => [w.name, w.runsSampled]), [["w007", 0], ["CI", 0]]);
  // The workflow listing + one empty listing of runs each.
  assert.equal(history.apiCalls.requests, 3);
  assert.equal(history.sampled, "0 completed runs since 2026-11-24: every run of 2 workflows.");
});
