import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { blobSha } from "../sim/github_payloads.ts";
import { githubEnv, seen, TOKEN } from "./github_env.ts";

const WORKFLOWS = "/repos/acme/app/actions/workflows";

Deno.test("listWorkflows follows Link pagination past 100 workflows", async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 105; i++) {
    const n = String(i).padStart(3, "0");
    files[`.github/workflows/w${n}.yml`] = `name: Workflow ${n}\non: push\n`;
  }
  files[".github/workflows/broken.yml"] = "name: [unclosed\n";
  files[".github/scripts/not-a-workflow.yml"] = "name: nope\n";
  await using env = await githubEnv({ files });

  const workflows = await env.provider.listWorkflows("acme/app");

  assert.equal(workflows.length, 106);
  const pages = seen(env.sim, "GET", WORKFLOWS);
  assert.deepEqual(pages.map((r) => r.query.page ?? "1"), ["1", "2"]);
  assert.equal(pages[0].query.per_page, "100");
  const w7 = workflows.find((w) => w.path === ".github/workflows/w007.yml");
  assert.equal(w7?.name, "Workflow 007");
  assert.equal(w7?.state, "active");
  assert.ok(w7?.url?.endsWith("/acme/app/blob/main/.github/workflows/w007.yml"));
  // GitHub names an unparsable workflow after its path.
  assert.ok(workflows.some((w) => w.name === ".github/workflows/broken.yml"));
  assert.ok(!workflows.some((w) => w.path.includes("scripts")));
  assert.equal(new Set(workflows.map((w) => w.id)).size, 106);
});

Deno.test("listWorkflows sends the token and a user agent", async () => {
  await using env = await githubEnv({ provider: { userAgent: "ci-orchestrator-test" } });
  await env.provider.listWorkflows("acme/app");
  const [request] = seen(env.sim, "GET", WORKFLOWS);
  assert.equal(request.headers.authorization, `token ${TOKEN}`);
  assert.match(request.headers["user-agent"], /^ci-orchestrator-test /);
});

Deno.test("a repeated listWorkflows is answered by a 304 from the ETag cache", async () => {
  await using env = await githubEnv();
  const first = await env.provider.listWorkflows("acme/app");
  const before = env.provider.usage();
  const remainingBefore = env.sim.state.rateLimit.remaining;

  const second = await env.provider.listWorkflows("acme/app");

  assert.deepEqual(second, first);
  const [initial, repeat] = seen(env.sim, "GET", WORKFLOWS);
  assert.equal(initial.headers["if-none-match"], undefined);
  assert.match(repeat.headers["if-none-match"], /^"[0-9a-f]{64}"$/);
  assert.equal(repeat.status, 304);
  const after = env.provider.usage();
  assert.equal(after.notModified, before.notModified + 1);
  assert.equal(after.rateLimited, before.rateLimited);
  assert.equal(after.requests, before.requests + 1);
  assert.equal(env.sim.state.rateLimit.remaining, remainingBefore);
  assert.equal(after.remaining, remainingBefore);
});

Deno.test("a changed workflow file invalidates the cached listing", async () => {
  await using env = await githubEnv();
  await env.provider.listWorkflows("acme/app");
  env.sim.state.setFile("acme/app", ".github/workflows/lint.yml", "name: Lint\non: push\n");
  const workflows = await env.provider.listWorkflows("acme/app");
  assert.ok(workflows.some((w) => w.name === "Lint"));
  assert.equal(seen(env.sim, "GET", WORKFLOWS)[1].status, 200);
  assert.equal(env.provider.usage().notModified, 0);
});

Deno.test("readFile decodes UTF-8 content, honours ref, and returns null when missing", async () => {
  const text = "name: Tëst ✓ — 日本語 🚀\non: push\n" + "# long line ".repeat(40) + "\n";
  await using env = await githubEnv({ files: { ".github/workflows/ü.yml": text } });
  env.sim.state.addRepo("acme/other", {
    files: { "a.txt": "main" },
    branches: { feature: { "a.txt": "feature ✓" } },
  });

  const file = await env.provider.readFile("acme/app", ".github/workflows/ü.yml");
  assert.equal(file?.content, text);
  assert.equal(file?.sha, await blobSha(text));
  assert.equal(file?.path, ".github/workflows/ü.yml");
  assert.equal(
    (await env.provider.readFile("acme/other", "a.txt", "feature"))?.content,
    "feature ✓",
  );
  assert.equal(await env.provider.readFile("acme/app", "missing.yml"), null);
  assert.equal(seen(env.sim, "GET", "/repos/acme/other/contents/a.txt")[0].query.ref, "feature");
});

Deno.test("readFile fetches files over 1 MB through the raw media type", async () => {
  const big = "x".repeat(1_100_000) + "\nlast ✓\n";
  await using env = await githubEnv({ files: { "big.txt": big } });
  const file = await env.provider.readFile("acme/app", "big.txt");
  assert.equal(file?.content, big);
  const requests = seen(env.sim, "GET", "/repos/acme/app/contents/big.txt");
  assert.equal(requests.length, 2);
  assert.match(requests[1].headers.accept, /\.raw/);
});

Deno.test("readFile on a directory is a bad_request", async () => {
  await using env = await githubEnv();
  await assert.rejects(
    env.provider.readFile("acme/app", ".github/workflows"),
    (e) => e instanceof CiError && e.code === "bad_request" && /is a directory/.test(e.message),
  );
});

Deno.test("listRuns applies workflow, branch, event, status and created filters", async () => {
  await using env = await githubEnv();
  const { state } = env.sim;
  state.addRepo("acme/app", {
    files: {
      ".github/workflows/ci.yml": "name: CI\non: push\n",
      ".github/workflows/release.yaml": "name: Release\non: push\n",
    },
    branches: { dev: {} },
  });
  const ci = (at: string, extra = {}) =>
    state.addRun("acme/app", { workflow: "ci.yml", created_at: at, ...extra });
  const old = ci("2026-10-01T08:00:00Z");
  const match = ci("2026-11-20T08:00:00Z", { conclusion: "failure", event: "pull_request" });
  ci("2026-11-21T08:00:00Z", { conclusion: "failure", event: "push" });
  ci("2026-11-22T08:00:00Z", { conclusion: "failure", event: "pull_request", head_branch: "dev" });
  state.addRun("acme/app", {
    workflow: ".github/workflows/release.yaml",
    created_at: "2026-11-23T08:00:00Z",
    conclusion: "failure",
    event: "pull_request",
  });

  const runs = await env.provider.listRuns("acme/app", {
    workflow: ".github/workflows/ci.yml",
    branch: "main",
    event: "pull_request",
    status: "failure",
    createdSince: "2026-11-01T00:00:00Z",
  });

  assert.deepEqual(runs.map((r) => r.id), [Number(match.id)]);
  const [request] = seen(env.sim, "GET", /\/runs$/);
  assert.equal(request.path, "/repos/acme/app/actions/workflows/ci.yml/runs");
  assert.equal(request.query.created, ">=2026-11-01T00:00:00Z");
  const all = await env.provider.listRuns("acme/app");
  assert.equal(all.length, 5);
  assert.equal(all.at(-1)?.id, Number(old.id));
  assert.equal(all[0].path, ".github/workflows/release.yaml");
});

Deno.test("listRuns stops paginating once limit runs are collected", async () => {
  await using env = await githubEnv({ provider: { perPage: 5 } });
  for (let day = 1; day <= 23; day++) {
    const at = `2026-11-${String(day).padStart(2, "0")}T12:00:00Z`;
    env.sim.state.addRun("acme/app", { workflow: "ci.yml", created_at: at });
  }
  const runs = await env.provider.listRuns("acme/app", { workflow: "ci.yml", limit: 7 });
  assert.equal(runs.length, 7);
  assert.equal(runs[0].createdAt, "2026-11-23T12:00:00Z");
  assert.equal(runs[6].createdAt, "2026-11-17T12:00:00Z");
  assert.equal(seen(env.sim, "GET", /\/runs$/).length, 2);

  const few = await env.provider.listRuns("acme/app", { limit: 3 });
  assert.equal(few.length, 3);
  assert.equal(seen(env.sim, "GET", "/repos/acme/app/actions/runs")[0].query.per_page, "3");
});

Deno.test("getRun maps a run payload onto RunInfo", async () => {
  await using env = await githubEnv();
  const added = env.sim.state.addRun("acme/app", {
    workflow: "ci.yml",
    created_at: "2026-11-24T09:00:00Z",
    run_started_at: "2026-11-24T09:00:05Z",
    updated_at: "2026-11-24T09:07:00Z",
    conclusion: "failure",
    run_attempt: 2,
    actor: "mona",
  });
  const run = await env.provider.getRun("acme/app", Number(added.id));
  const workflow = (await env.provider.listWorkflows("acme/app")).find((w) => w.name === "CI");
  assert.deepEqual(run, {
    id: Number(added.id),
    workflowId: workflow?.id,
    name: "CI",
    path: ".github/workflows/ci.yml",
    headBranch: "main",
    headSha: added.head_sha,
    event: "push",
    status: "completed",
    conclusion: "failure",
    attempt: 2,
    runNumber: added.run_number,
    createdAt: "2026-11-24T09:00:00Z",
    startedAt: "2026-11-24T09:00:05Z",
    updatedAt: "2026-11-24T09:07:00Z",
    url: added.html_url,
    actor: "mona",
    displayTitle: added.display_title,
  });
  assert.ok(run.displayTitle, "the simulator sends a display_title like GitHub");
});

Deno.test("listJobs returns every job with its steps across pages", async () => {
  await using env = await githubEnv({ provider: { perPage: 2 } });
  const run = env.sim.state.addRun("acme/app", {
    workflow: "ci.yml",
    jobs: [
      { name: "lint", steps: [{ name: "Set up job" }, { name: "Run lint" }] },
      {
        name: "test (3.12)",
        conclusion: "failure",
        labels: ["ubuntu-24.04"],
        steps: [{ name: "Set up job" }, { name: "Run tests", conclusion: "failure" }],
      },
      { name: "build", steps: [] },
    ],
  });
  const jobs = await env.provider.listJobs("acme/app", Number(run.id));
  assert.deepEqual(jobs.map((j) => j.name), ["lint", "test (3.12)", "build"]);
  const failed = jobs[1];
  assert.equal(failed.conclusion, "failure");
  assert.deepEqual(failed.labels, ["ubuntu-24.04"]);
  assert.equal(failed.runId, Number(run.id));
  assert.deepEqual(
    failed.steps.map((s) => [s.number, s.name, s.conclusion]),
    [[1, "Set up job", "success"], [2, "Run tests", "failure"]],
  );
  assert.equal(seen(env.sim, "GET", /\/jobs$/).length, 2);
});

Deno.test("jobLogTail follows the redirect without sending the token there", async () => {
  await using env = await githubEnv();
  const lines = Array.from({ length: 50 }, (_, i) => `2026-11-24T09:00:${i}Z line ${i + 1}`);
  const run = env.sim.state.addRun("acme/app", {
    workflow: "ci.yml",
    jobs: [{ name: "test", log: lines.join("\r\n") + "\r\n" }],
  });
  const [job] = await env.provider.listJobs("acme/app", Number(run.id));

  const tail = await env.provider.jobLogTail("acme/app", job.id, 3);

  assert.equal(tail, lines.slice(-3).join("\n"));
  const api = seen(env.sim, "GET", `/repos/acme/app/actions/jobs/${job.id}/logs`);
  assert.equal(api[0].status, 302);
  const [download] = seen(env.sim, "GET", `/_logs/${job.id}`);
  // Only the tail is asked for; this log is shorter, so the 206 carries all of it.
  assert.equal(download.headers.range, "bytes=-65536");
  assert.equal(download.status, 206);
  assert.equal(download.headers.authorization, undefined);
});

Deno.test("jobLogTail of an unknown job is not_found", async () => {
  await using env = await githubEnv();
  await assert.rejects(
    env.provider.jobLogTail("acme/app", 424242),
    (e) => e instanceof CiError && e.code === "not_found" && /job 424242/.test(e.message),
  );
});

Deno.test("a GHES-style base URL with a path prefix works", async () => {
  await using env = await githubEnv({ sim: { prefix: "/api/v3" } });
  assert.ok(env.sim.url.endsWith("/api/v3"));
  const run = env.sim.state.addRun("acme/app", { workflow: "ci.yml", jobs: [{ name: "t" }] });
  const workflows = await env.provider.listWorkflows("acme/app");
  assert.deepEqual(workflows.map((w) => w.name).sort(), ["CI", "Release"]);
  assert.equal((await env.provider.readFile("acme/app", "README.md"))?.content, "# app\n");
  const [job] = await env.provider.listJobs("acme/app", Number(run.id));
  assert.match(await env.provider.jobLogTail("acme/app", job.id, 1), /Cleaning up/);
  assert.ok(env.sim.requests.every((r) => r.status < 400));
  assert.equal(seen(env.sim, "GET", WORKFLOWS).length, 1);
});

Deno.test("unknown repository or workflow is not_found with a clear message", async () => {
  await using env = await githubEnv();
  await assert.rejects(env.provider.listWorkflows("acme/nope"), (e) => {
    assert.ok(e instanceof CiError);
    assert.equal(e.code, "not_found");
    assert.equal(e.message, "Repository acme/nope not found, or the token cannot see it");
    return true;
  });
  await assert.rejects(env.provider.listRuns("acme/app", { workflow: "nope.yml" }), (e) => {
    assert.ok(e instanceof CiError);
    assert.equal(
      e.message,
      "Repository acme/app or workflow nope.yml not found, or the token cannot see it",
    );
    return true;
  });
});

Deno.test("a malformed repository name is rejected before any request", async () => {
  await using env = await githubEnv();
  await assert.rejects(
    env.provider.listWorkflows("not a repo"),
    (e) => e instanceof CiError && e.code === "bad_request" && /'not a repo'/.test(e.message),
  );
  assert.equal(env.sim.requests.length, 0);
});

Deno.test("defaultBranch reads the repository; an unknown repository is not_found", async () => {
  await using env = await githubEnv();
  env.sim.state.addRepo("acme/lib", { defaultBranch: "trunk" });
  assert.equal(await env.provider.defaultBranch("acme/lib"), "trunk");
  assert.equal(await env.provider.defaultBranch("acme/app"), "main");
  await assert.rejects(
    env.provider.defaultBranch("acme/nope"),
    (e) => e instanceof CiError && e.code === "not_found" && /acme\/nope/.test(e.message),
  );
});

Deno.test("listArtifacts follows pagination and maps every artifact", async () => {
  await using env = await githubEnv({ provider: { perPage: 2 } });
  const run = env.sim.state.addRun("acme/app", {
    workflow: "ci.yml",
    artifacts: [
      { name: "dist", sizeBytes: 1024 },
      { name: "coverage", sizeBytes: 2048 },
      { name: "logs", sizeBytes: 0 },
    ],
  });
  const empty = env.sim.state.addRun("acme/app", { workflow: "ci.yml" });
  const artifacts = await env.provider.listArtifacts("acme/app", Number(run.id));
  assert.deepEqual(artifacts.map((a) => [a.name, a.sizeBytes, a.expired]), [
    ["dist", 1024, false],
    ["coverage", 2048, false],
    ["logs", 0, false],
  ]);
  assert.match(
    artifacts[0].url,
    /^http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/app\/actions\/artifacts\/\d+\/zip$/,
  );
  assert.equal(seen(env.sim, "GET", `/repos/acme/app/actions/runs/${run.id}/artifacts`).length, 2);
  assert.deepEqual(await env.provider.listArtifacts("acme/app", Number(empty.id)), []);
});

Deno.test("listRuns with actor sends the actor filter and keeps only that actor's runs", async () => {
  await using env = await githubEnv();
  const mine = env.sim.state.addRun("acme/app", { workflow: "ci.yml", actor: "ci-bot" });
  env.sim.state.addRun("acme/app", { workflow: "ci.yml", actor: "octocat" });
  const runs = await env.provider.listRuns("acme/app", { actor: "ci-bot" });
  assert.deepEqual(runs.map((r) => [r.id, r.actor]), [[Number(mine.id), "ci-bot"]]);
  assert.equal(seen(env.sim, "GET", "/repos/acme/app/actions/runs")[0].query.actor, "ci-bot");
});
