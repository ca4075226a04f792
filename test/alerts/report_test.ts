import assert from "node:assert/strict";
import { alertReport, withWhy } from "../../src/alerts/report.ts";
import type { RunInfo } from "../../src/providers/port.ts";

const run: RunInfo = {
  id: 42,
  workflowId: 7,
  name: "CI",
  path: ".github/workflows/ci.yml",
  headBranch: "main",
  headSha: "0123456789abcdef",
  event: "push",
  status: "completed",
  conclusion: "failure",
  attempt: 1,
  createdAt: "2026-11-24T10:00:00Z",
  updatedAt: "2026-11-24T10:05:00Z",
  url: "https://github.com/acme/app/actions/runs/42",
  actor: "octocat",
};

Deno.test("alert report: failing job and step, log excerpt, commit, pusher, links, re-run", () => {
  const report = alertReport(
    { repo: "acme/app", run, commit: { message: "Fix dates\n\nlong body" }, pusher: "ada" },
    "failure",
    {
      jobs: [],
      failure: { job: "test", step: "pytest", jobId: 420 },
      logTail: "E   assert 1 == 2",
    },
  );
  assert.equal(report.title, "CI failed on main — acme/app");
  assert.equal(report.status, "failure");
  assert.equal(report.summary, "Run 42 of CI on main failed. `test` failed at step `pytest`.");
  const fields = Object.fromEntries((report.fields ?? []).map((f) => [f.label, f.value]));
  assert.equal(fields.Commit, "0123456 Fix dates");
  assert.equal(fields["Pushed by"], "ada");
  assert.equal(fields["Failing step"], "pytest");
  assert.equal(report.sections?.[0].markdown, "```\nE   assert 1 == 2\n```");
  assert.deepEqual(report.links, [
    { label: "Run", url: "https://github.com/acme/app/actions/runs/42" },
    { label: "Commit 0123456", url: "https://github.com/acme/app/commit/0123456789abcdef" },
  ]);
  assert.deepEqual(report.actions?.[0].intent, {
    op: "test",
    repo: "acme/app",
    workflow: "ci.yml",
    target: "rerun:42",
  });
  const why = withWhy(report, "You subscribed to failures of ci.yml on main in acme/app.");
  assert.deepEqual(why.sections?.at(-1), {
    title: "Why you got this",
    markdown: "You subscribed to failures of ci.yml on main in acme/app.",
  });
});

Deno.test("alert report: a recovery has no re-run button and says it passes again", () => {
  const report = alertReport(
    { repo: "acme/app", run: { ...run, conclusion: "success" } },
    "recovery",
    {
      jobs: [],
    },
  );
  assert.equal(report.title, "CI recovered on main — acme/app");
  assert.equal(report.status, "success");
  assert.match(report.summary, /passes again/);
  assert.deepEqual(report.actions, []);
  const fields = Object.fromEntries((report.fields ?? []).map((f) => [f.label, f.value]));
  assert.equal(fields["Pushed by"], "octocat", "the run's actor when the webhook named no one");
});
