import assert from "node:assert/strict";
import {
  matches,
  outcomeOf,
  recipients,
  whyLine,
  workflowMatches,
} from "../../src/alerts/match.ts";
import type { Subscription } from "../../src/alerts/model.ts";

const run = {
  name: "CI",
  path: ".github/workflows/ci.yml",
  headBranch: "main",
  event: "push",
};
const sub = (fields: Partial<Subscription>, id = "C1"): Subscription => ({
  conversation: { surface: "slack", id, data: { channel: id } },
  repo: "acme/app",
  on: "failure",
  createdAt: "2026-11-24T00:00:00Z",
  updatedAt: "2026-11-24T00:00:00Z",
  ...fields,
});

Deno.test("outcome: failures, recovery only after a failure, the rest", () => {
  assert.equal(outcomeOf("failure", undefined), "failure");
  assert.equal(outcomeOf("timed_out", "success"), "failure");
  assert.equal(outcomeOf("startup_failure", undefined), "failure");
  assert.equal(outcomeOf("success", "failure"), "recovery");
  assert.equal(outcomeOf("success", "timed_out"), "recovery");
  assert.equal(outcomeOf("success", "success"), "success");
  assert.equal(outcomeOf("success", undefined), "success");
  assert.equal(outcomeOf("cancelled", "failure"), "other");
});

Deno.test("workflow filter: file name, path or display name", () => {
  assert.ok(workflowMatches("ci.yml", run));
  assert.ok(workflowMatches(".github/workflows/ci.yml", run));
  assert.ok(workflowMatches("ci", run));
  assert.ok(!workflowMatches("release.yml", run));
});

Deno.test("matching: every filter and every `on`", () => {
  assert.ok(matches(sub({}), run, "failure"));
  assert.ok(!matches(sub({}), run, "recovery"));
  assert.ok(!matches(sub({}), run, "success"));
  assert.ok(matches(sub({ on: "recovery" }), run, "recovery"));
  assert.ok(!matches(sub({ on: "recovery" }), run, "failure"));
  assert.ok(!matches(sub({ on: "recovery" }), run, "success"));
  for (const outcome of ["failure", "recovery", "success", "other"] as const) {
    assert.ok(matches(sub({ on: "always" }), run, outcome));
  }
  assert.ok(matches(sub({ branch: "main" }), run, "failure"));
  assert.ok(!matches(sub({ branch: "dev" }), run, "failure"));
  assert.ok(matches(sub({ event: "push" }), run, "failure"));
  assert.ok(!matches(sub({ event: "pull_request" }), run, "failure"));
  assert.ok(matches(sub({ workflow: "ci.yml" }), run, "failure"));
  assert.ok(!matches(sub({ workflow: "deploy.yml" }), run, "failure"));
  assert.ok(!matches(sub({ branch: "main" }), { ...run, headBranch: null }, "failure"));
});

Deno.test("recipients: one per conversation, explained by the most specific filter", () => {
  const subs = [
    sub({ on: "always" }, "C1"),
    sub({ on: "failure", workflow: "ci.yml", branch: "main" }, "C1"),
    sub({ on: "failure", branch: "dev" }, "C2"),
    sub({ on: "failure" }, "C3"),
  ];
  const got = recipients(subs, run, "failure");
  assert.deepEqual(got.map((s) => s.conversation.id), ["C1", "C3"]);
  assert.equal(
    whyLine(got[0]),
    "You subscribed to failures of ci.yml on main in acme/app.",
  );
  assert.equal(
    whyLine(sub({ on: "always", event: "push" })),
    "You subscribed to every completed run of any workflow (push runs) in acme/app.",
  );
});
