import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { githubEnv, seen } from "./github_env.ts";

const DISPATCH = "/repos/acme/app/actions/workflows/ci.yml/dispatches";

Deno.test("dispatch asks for run details and returns the new run", async () => {
  await using env = await githubEnv();
  const result = await env.provider.dispatch("acme/app", ".github/workflows/ci.yml", "main", {
    "python-version": "3.12",
  });
  const [dispatched] = env.sim.state.dispatches;
  assert.equal(result.runId, dispatched.runId);
  assert.equal(result.url, `${env.sim.origin}/acme/app/actions/runs/${dispatched.runId}`);
  assert.deepEqual(dispatched.inputs, { "python-version": "3.12" });
  const [request] = seen(env.sim, "POST", DISPATCH);
  assert.deepEqual(request.body, {
    ref: "main",
    inputs: { "python-version": "3.12" },
    return_run_details: true,
  });
  const run = await env.provider.getRun("acme/app", dispatched.runId);
  assert.equal(run.event, "workflow_dispatch");
  assert.equal(run.status, "queued");
});

Deno.test("dispatch without run details in the answer returns an empty result", async () => {
  await using env = await githubEnv({ sim: { returnRunDetails: "ignored" } });
  const result = await env.provider.dispatch("acme/app", "ci.yml", "main", {});
  assert.deepEqual(result, {});
  assert.equal(seen(env.sim, "POST", DISPATCH)[0].status, 204);
  assert.equal(env.sim.state.dispatches.length, 1);
});

Deno.test("dispatch falls back when an older GHES rejects return_run_details", async () => {
  await using env = await githubEnv({ sim: { returnRunDetails: "rejected" } });
  const result = await env.provider.dispatch("acme/app", "ci.yml", "main", {});
  assert.deepEqual(result, {});
  const requests = seen(env.sim, "POST", DISPATCH);
  assert.deepEqual(requests.map((r) => r.status), [422, 204]);
  assert.deepEqual(requests[1].body, { ref: "main", inputs: {} });
  assert.equal(env.sim.state.dispatches.length, 1);
});

Deno.test("dispatch reports GitHub's validation message as bad_request", async () => {
  await using env = await githubEnv();
  await assert.rejects(
    env.provider.dispatch("acme/app", "ci.yml", "main", { "node-version": "22" }),
    (e) =>
      e instanceof CiError && e.code === "bad_request" &&
      e.message.includes('Unexpected inputs provided: ["node-version"]'),
  );
  await assert.rejects(
    env.provider.dispatch("acme/app", "release.yaml", "main", {}),
    (e) => e instanceof CiError && /does not have 'workflow_dispatch' trigger/.test(e.message),
  );
  assert.equal(env.sim.state.dispatches.length, 0);
});

Deno.test("dispatch refuses more than 25 inputs without calling GitHub", async () => {
  await using env = await githubEnv();
  const inputs = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`in${i}`, "x"]));
  await assert.rejects(
    env.provider.dispatch("acme/app", "ci.yml", "main", inputs),
    (e) =>
      e instanceof CiError && e.code === "bad_request" && /current value is 26/.test(e.message),
  );
  assert.equal(env.sim.requests.length, 0);
});

Deno.test("cancelRun cancels a running run; a completed one is a bad_request", async () => {
  await using env = await githubEnv();
  const running = env.sim.state.addRun("acme/app", { status: "in_progress" });
  await env.provider.cancelRun("acme/app", Number(running.id));
  const run = await env.provider.getRun("acme/app", Number(running.id));
  assert.deepEqual([run.status, run.conclusion], ["completed", "cancelled"]);

  await using again = await githubEnv();
  const done = again.sim.state.addRun("acme/app", { status: "completed" });
  await assert.rejects(
    again.provider.cancelRun("acme/app", Number(done.id)),
    (e) => e instanceof CiError && e.code === "bad_request" && /completed/.test(e.message),
  );
});

Deno.test("rerunRun with failedOnly re-runs only the failed jobs in a new attempt", async () => {
  await using env = await githubEnv();
  const run = env.sim.state.addRun("acme/app", {
    conclusion: "failure",
    jobs: [{ name: "lint" }, { name: "test", conclusion: "failure" }],
  });
  await env.provider.rerunRun("acme/app", Number(run.id), { failedOnly: true });
  assert.equal(
    seen(env.sim, "POST", `/repos/acme/app/actions/runs/${run.id}/rerun-failed-jobs`).length,
    1,
  );
  const after = await env.provider.getRun("acme/app", Number(run.id));
  assert.equal(after.attempt, 2);
  const jobs = await env.provider.listJobs("acme/app", Number(run.id));
  assert.deepEqual(jobs.map((j) => [j.name, j.status, j.conclusion]), [
    ["lint", "completed", "success"],
    ["test", "queued", null],
  ]);
});

Deno.test("rerunRun without options re-runs the whole run", async () => {
  await using env = await githubEnv();
  const run = env.sim.state.addRun("acme/app", { conclusion: "failure", jobs: [{ name: "a" }] });
  await env.provider.rerunRun("acme/app", Number(run.id));
  assert.equal(seen(env.sim, "POST", `/repos/acme/app/actions/runs/${run.id}/rerun`).length, 1);
  const [job] = await env.provider.listJobs("acme/app", Number(run.id));
  assert.equal(job.status, "queued");
});

Deno.test("openPullRequest branches, writes files and opens the pull request", async () => {
  await using env = await githubEnv();
  const updated = "name: CI ✓\non: push\n";
  const added = "name: Shared — setup\non: workflow_call\n";
  const pr = await env.provider.openPullRequest("acme/app", {
    title: "ci: pin actions",
    body: "Pins third-party actions to SHAs.",
    base: "main",
    branch: "ci-orchestrator/pin-actions",
    files: [
      { path: ".github/workflows/ci.yml", content: updated },
      { path: ".github/workflows/setup.yml", content: added },
    ],
  });
  assert.equal(pr.number, 1);
  assert.equal(pr.url, `${env.sim.origin}/acme/app/pull/1`);
  const repo = env.sim.state.repo("acme/app")!;
  const branch = repo.branches.get("ci-orchestrator/pin-actions")!;
  assert.equal(branch.files.get(".github/workflows/ci.yml"), updated);
  assert.equal(branch.files.get(".github/workflows/setup.yml"), added);
  assert.notEqual(repo.branches.get("main")!.files.get(".github/workflows/ci.yml"), updated);
  assert.deepEqual(
    [repo.pulls[0].head.ref, repo.pulls[0].base.ref, repo.pulls[0].title],
    ["ci-orchestrator/pin-actions", "main", "ci: pin actions"],
  );
  const puts = seen(env.sim, "PUT", /\/contents\//);
  assert.deepEqual(puts.map((r) => r.status), [200, 201]);
  assert.match(String((puts[0].body as { sha?: string }).sha), /^[0-9a-f]{40}$/);
});
