/**
 * End to end in Slack, issue 15's done-when case: "run the tests on acme/web branch
 * fix/flaky-login" (a branch with a slash) is read from plain language, so it is shown back
 * ("Understood as …" with a Run button) and dispatches nothing; Run dispatches exactly once, on
 * that branch, with acme/web's only dispatchable workflow.
 */
import assert from "node:assert/strict";
import { addWebRepo, FLAKY_BRANCH } from "./fixtures.ts";
import { buttonsOf, OPERATOR, shown as text, startSlackService } from "./slack_service.ts";

const settle = () => new Promise((r) => setTimeout(r, 500));

Deno.test("e2e slack: 'run the tests on acme/web branch fix/flaky-login' → Understood as, Run → one dispatch on the branch", async () => {
  await using env = await startSlackService({
    policy:
      `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${OPERATOR}"]\n`,
  });
  addWebRepo(env.github);

  let seen = env.slack.calls.length;
  assert.equal((await env.command(`run the tests on acme/web branch ${FLAKY_BRANCH}`)).status, 200);
  const shown = await env.next(/Understood as/, seen);
  assert.match(text(shown.body), /test repo:acme\/web ref:fix\/flaky-login/);
  assert.match(text(shown.body), /Nothing has run yet/);
  const run = buttonsOf(shown.body).find((b) => b.text?.text === "Run");
  assert.ok(run?.value, "a Run button");
  await settle();
  assert.equal(env.github.state.dispatches.length, 0, "nothing dispatched before Run");

  seen = env.slack.calls.length;
  assert.equal((await env.click(run.value, String(shown.body.ts ?? ""))).status, 200);
  await env.next(/Test ci\.yml on acme\/web@fix\/flaky-login/, seen, 30_000);
  const deadline = Date.now() + 10_000;
  while (env.github.state.dispatches.length < 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await settle();
  assert.equal(env.github.state.dispatches.length, 1, "exactly one dispatch");
  const [dispatch] = env.github.state.dispatches;
  assert.equal(dispatch.repo, "acme/web");
  assert.match(String(dispatch.workflow), /ci\.yml$/);
  assert.equal(dispatch.ref, FLAKY_BRANCH);
});
