import assert from "node:assert/strict";
import { githubEnv, TOKEN } from "../providers/github_env.ts";
import type { GitHubSim, GitHubSimOptions, SimScript } from "./github.ts";

const START = "2026-11-24T10:00:00Z";
const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString().replace(".000Z", "Z");

const CI = `name: CI
run-name: "CI [\${{ inputs.correlation }}] on \${{ github.ref_name }}"
on:
  workflow_dispatch:
    inputs:
      python-version:
        required: true
      correlation:
        default: none
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: pytest
`;
const FILES = {
  ".github/workflows/ci.yml": CI,
  ".github/workflows/plain.yml":
    "name: Plain\non: workflow_dispatch\njobs:\n  build:\n    runs-on: x\n",
  ".github/workflows/push.yml": "name: Push\non: push\n",
};

/** test: 5 min, passes; lint: 1 min, fails on the first dispatch only. */
const script: SimScript = ({ n, inputs }) => ({
  queueMs: 10_000,
  jobs: [
    {
      name: `test (${inputs["python-version"]})`,
      durationMs: 300_000,
      steps: [{ name: "Checkout", durationMs: 20_000 }, { name: "pytest" }],
    },
    { name: "lint", durationMs: 60_000, conclusion: n === 1 ? "failure" : "success" },
  ],
  artifacts: [{ name: "coverage", sizeBytes: 4096 }],
});

function env(options: GitHubSimOptions = {}) {
  return githubEnv({ sim: { start: START, actor: "ci-bot", ...options }, files: FILES });
}

async function dispatchRaw(sim: GitHubSim, workflow: string, body: unknown) {
  const response = await fetch(
    `${sim.url}/repos/acme/app/actions/workflows/${workflow}/dispatches`,
    {
      method: "POST",
      headers: { authorization: `token ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    },
  );
  return { status: response.status, text: await response.text() };
}

Deno.test("a scripted dispatch goes queued → in_progress → completed on the manual clock", async () => {
  await using e = await env();
  e.sim.state.script("acme/app", "ci.yml", script);
  const { runId } = await e.provider.dispatch("acme/app", "ci.yml", "main", {
    "python-version": "3.12",
  });
  assert.ok(runId);

  let run = await e.provider.getRun("acme/app", runId);
  assert.deepEqual([run.status, run.conclusion, run.event, run.actor], [
    "queued",
    null,
    "workflow_dispatch",
    "ci-bot",
  ]);
  assert.equal(run.createdAt, START);
  assert.equal(run.headSha, e.sim.state.repo("acme/app")!.branches.get("main")!.sha);
  let jobs = await e.provider.listJobs("acme/app", runId);
  assert.deepEqual(jobs.map((j) => [j.name, j.status]), [
    ["test (3.12)", "queued"],
    ["lint", "queued"],
  ]);

  e.sim.clock.advance(10_000);
  run = await e.provider.getRun("acme/app", runId);
  assert.deepEqual([run.status, run.updatedAt, run.startedAt], ["in_progress", at(10_000), START]);
  jobs = await e.provider.listJobs("acme/app", runId);
  assert.deepEqual(jobs.map((j) => [j.status, j.startedAt]), [
    ["in_progress", at(10_000)],
    ["in_progress", at(10_000)],
  ]);
  assert.deepEqual(jobs[0].steps.map((s) => s.status), ["in_progress", "queued"]);

  e.sim.clock.advance(60_000);
  jobs = await e.provider.listJobs("acme/app", runId);
  assert.deepEqual(jobs.map((j) => [j.status, j.conclusion, j.completedAt]), [
    ["in_progress", null, null],
    ["completed", "failure", at(70_000)],
  ]);
  assert.deepEqual(jobs[1].steps.map((s) => [s.name, s.conclusion]), [
    ["Set up job", "success"],
    ["Run lint", "failure"],
    ["Complete job", "success"],
  ]);
  assert.equal((await e.provider.getRun("acme/app", runId)).status, "in_progress");
  assert.deepEqual(await e.provider.listArtifacts("acme/app", runId), []);

  e.sim.clock.advance(240_000);
  run = await e.provider.getRun("acme/app", runId);
  assert.deepEqual([run.status, run.conclusion, run.updatedAt], [
    "completed",
    "failure",
    at(310_000),
  ]);
  jobs = await e.provider.listJobs("acme/app", runId);
  assert.deepEqual(jobs[0].steps.map((s) => [s.name, s.startedAt, s.completedAt]), [
    ["Checkout", at(10_000), at(30_000)],
    ["pytest", at(30_000), at(310_000)],
  ]);
  assert.match(await e.provider.jobLogTail("acme/app", jobs[1].id), /##\[error\]/);
  const [artifact] = await e.provider.listArtifacts("acme/app", runId);
  assert.deepEqual([artifact.name, artifact.sizeBytes, artifact.expired], [
    "coverage",
    4096,
    false,
  ]);
  assert.match(artifact.url, /\/actions\/artifacts\/\d+\/zip$/);
});

Deno.test("cancel completes a moving run as cancelled at once", async () => {
  await using e = await env();
  e.sim.state.script("acme/app", "ci.yml", script);
  const { runId } = await e.provider.dispatch("acme/app", "ci.yml", "main", {
    "python-version": "3.11",
  });
  e.sim.clock.advance(40_000);
  await e.provider.cancelRun("acme/app", runId!);
  const run = await e.provider.getRun("acme/app", runId!);
  assert.deepEqual([run.status, run.conclusion, run.updatedAt], [
    "completed",
    "cancelled",
    at(40_000),
  ]);
  const [test] = await e.provider.listJobs("acme/app", runId!);
  assert.deepEqual([test.conclusion, test.completedAt], ["cancelled", at(40_000)]);
  assert.deepEqual(test.steps.map((s) => s.conclusion), ["success", "cancelled"]);
  e.sim.clock.advance(600_000);
  assert.equal((await e.provider.getRun("acme/app", runId!)).conclusion, "cancelled");
  assert.deepEqual(await e.provider.listArtifacts("acme/app", runId!), []);
});

Deno.test("rerun-failed-jobs runs attempt 2 with n incremented and copies passed jobs", async () => {
  await using e = await env();
  const seen: number[] = [];
  e.sim.state.script("acme/app", "ci.yml", (ctx) => {
    seen.push(ctx.n);
    return script(ctx);
  });
  const { runId } = await e.provider.dispatch("acme/app", "ci.yml", "main", {
    "python-version": "3.12",
  });
  e.sim.clock.advance(310_000);
  assert.equal((await e.provider.getRun("acme/app", runId!)).conclusion, "failure");

  await e.provider.rerunRun("acme/app", runId!, { failedOnly: true });
  let run = await e.provider.getRun("acme/app", runId!);
  assert.deepEqual([run.attempt, run.status, run.startedAt], [2, "queued", at(310_000)]);
  let jobs = await e.provider.listJobs("acme/app", runId!);
  assert.deepEqual(jobs.map((j) => [j.name, j.status, j.conclusion]), [
    ["test (3.12)", "completed", "success"],
    ["lint", "queued", null],
  ]);
  assert.equal(jobs[0].completedAt, at(310_000));

  e.sim.clock.advance(70_000);
  run = await e.provider.getRun("acme/app", runId!);
  assert.deepEqual([run.status, run.conclusion, run.updatedAt], [
    "completed",
    "success",
    at(380_000),
  ]);
  jobs = await e.provider.listJobs("acme/app", runId!);
  assert.deepEqual(jobs.map((j) => j.conclusion), ["success", "success"]);
  assert.deepEqual(seen, [1, 2]);
  assert.equal(run.createdAt, START);
});

Deno.test("needs: a job after a failed one is skipped and never starts", async () => {
  await using e = await env();
  e.sim.state.script("acme/app", "plain.yml", () => ({
    queueMs: 1_000,
    jobs: [
      { name: "build", durationMs: 30_000, conclusion: "failure" },
      { name: "deploy", durationMs: 30_000, needs: ["build"] },
    ],
  }));
  const { runId } = await e.provider.dispatch("acme/app", "plain.yml", "main", {});
  e.sim.clock.advance(31_000);
  const run = await e.provider.getRun("acme/app", runId!);
  assert.deepEqual([run.status, run.conclusion], ["completed", "failure"]);
  const jobs = await e.provider.listJobs("acme/app", runId!);
  assert.deepEqual(jobs.map((j) => [j.name, j.conclusion, j.steps.length]), [
    ["build", "failure", 3],
    ["deploy", "skipped", 0],
  ]);
});

Deno.test("an unscripted workflow runs one successful 1-minute job named after its first job", async () => {
  await using e = await env();
  const { runId } = await e.provider.dispatch("acme/app", "plain.yml", "main", {});
  e.sim.clock.advance(59_000);
  assert.equal((await e.provider.getRun("acme/app", runId!)).status, "in_progress");
  e.sim.clock.advance(10_000);
  const run = await e.provider.getRun("acme/app", runId!);
  assert.deepEqual([run.status, run.conclusion, run.displayTitle], [
    "completed",
    "success",
    "Plain",
  ]);
  const [job] = await e.provider.listJobs("acme/app", runId!);
  assert.equal(job.name, "build");
  assert.equal(Date.parse(job.completedAt!) - Date.parse(job.startedAt!), 60_000);
});

Deno.test("auto clock: a 5-minute scripted job completes within a second of real time", async () => {
  await using e = await env({ timeScale: 600 });
  e.sim.state.script("acme/app", "ci.yml", () => ({
    queueMs: 10_000,
    jobs: [{ name: "test", durationMs: 300_000 }],
  }));
  const started = performance.now();
  const { runId } = await e.provider.dispatch("acme/app", "ci.yml", "main", {
    "python-version": "3.12",
  });
  const deliveredAt = e.sim.state.dispatches[0];
  assert.equal(deliveredAt.runId, runId);
  let run = await e.provider.getRun("acme/app", runId!);
  while (run.status !== "completed" && performance.now() - started < 3_000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    run = await e.provider.getRun("acme/app", runId!);
  }
  const elapsed = performance.now() - started;
  assert.equal(run.conclusion, "success");
  assert.ok(elapsed < 1_500, `took ${elapsed} ms`);
  assert.ok(elapsed >= 450, `took only ${elapsed} ms`);
  const [job] = await e.provider.listJobs("acme/app", runId!);
  assert.equal(Date.parse(job.startedAt!) - Date.parse(run.createdAt), 10_000);
  assert.equal(Date.parse(job.completedAt!) - Date.parse(job.startedAt!), 300_000);
});

Deno.test("run-name interpolates dispatched inputs and defaults into display_title", async () => {
  await using e = await env();
  const { runId } = await e.provider.dispatch("acme/app", "ci.yml", "main", {
    "python-version": "3.12",
    correlation: "job-42.s1",
  });
  const run = await e.provider.getRun("acme/app", runId!);
  assert.equal(run.displayTitle, "CI [job-42.s1] on main");
  const second = await e.provider.dispatch("acme/app", "ci.yml", "refs/heads/main", {
    "python-version": "3.11",
  });
  assert.equal(
    (await e.provider.getRun("acme/app", second.runId!)).displayTitle,
    "CI [none] on main",
  );
  e.sim.state.script("acme/app", "ci.yml", () => ({ displayTitle: "scripted", jobs: [] }));
  const third = await e.provider.dispatch("acme/app", "ci.yml", "main", { "python-version": "3" });
  assert.equal((await e.provider.getRun("acme/app", third.runId!)).displayTitle, "scripted");
});

Deno.test("dispatch validation answers GitHub's 422 messages and creates no run", async () => {
  await using e = await env();
  const unexpected = await dispatchRaw(e.sim, "ci.yml", {
    ref: "main",
    inputs: { "python-version": "3.12", "node-version": "22", os: "linux" },
  });
  assert.equal(unexpected.status, 422);
  assert.equal(
    JSON.parse(unexpected.text).message,
    'Unexpected inputs provided: ["node-version","os"]',
  );
  const noTrigger = await dispatchRaw(e.sim, "push.yml", { ref: "main" });
  assert.deepEqual([noTrigger.status, JSON.parse(noTrigger.text).message], [
    422,
    "Workflow does not have 'workflow_dispatch' trigger",
  ]);
  const noRef = await dispatchRaw(e.sim, "ci.yml", { ref: "nope", inputs: {} });
  assert.deepEqual([noRef.status, JSON.parse(noRef.text).message], [422, "No ref found for: nope"]);
  const missing = await dispatchRaw(e.sim, "ci.yml", { ref: "main", inputs: {} });
  assert.deepEqual([missing.status, JSON.parse(missing.text).message], [
    422,
    "Required input 'python-version' not provided",
  ]);
  assert.equal(e.sim.state.dispatches.length, 0);
  assert.equal(e.sim.state.runs(e.sim.state.repo("acme/app")!).length, 0);
});

Deno.test("the real provider: run id when supported, none when ignored, found by listRuns filters", async () => {
  await using e = await env({ returnRunDetails: "ignored" });
  e.sim.state.addRun("acme/app", {
    workflow: "plain.yml",
    event: "workflow_dispatch",
    actor: "someone-else",
  });
  e.sim.state.addRun("acme/app", {
    workflow: "plain.yml",
    event: "workflow_dispatch",
    actor: "ci-bot",
    created_at: "2026-11-24T09:00:00Z",
  });
  e.sim.clock.advance(5_000);
  const since = e.sim.clock.now().toISOString();
  const result = await e.provider.dispatch("acme/app", "plain.yml", "main", {});
  assert.deepEqual(result, {});
  const runs = await e.provider.listRuns("acme/app", {
    workflow: "plain.yml",
    event: "workflow_dispatch",
    actor: "ci-bot",
    createdSince: since,
  });
  assert.deepEqual(runs.map((r) => r.id), [e.sim.state.dispatches[0].runId]);

  await using supported = await env();
  const withId = await supported.provider.dispatch("acme/app", "plain.yml", "main", {});
  assert.equal(withId.runId, supported.sim.state.dispatches[0].runId);
});
