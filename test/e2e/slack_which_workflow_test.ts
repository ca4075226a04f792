/**
 * End to end in Slack (issue 15, "ask instead of failing"): `test` on a repository with two
 * dispatchable workflows and one without is answered with "Which workflow?" and a button per
 * dispatchable one; nothing is dispatched until a button is pressed, the press dispatches
 * exactly once on that workflow, and someone without a grant pressing it is refused as if they
 * had typed the command.
 */
import assert from "node:assert/strict";
import { addMonoRepo } from "./fixtures.ts";
import { buttonsOf, OPERATOR, shown as text, startSlackService } from "./slack_service.ts";

const STRANGER = "U0STRANGER";

const settle = () => new Promise((r) => setTimeout(r, 500));

Deno.test("e2e slack: `test repo:acme/mono` → 'Which workflow?' with two buttons; one press dispatches once", async () => {
  await using env = await startSlackService({
    policy:
      `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${OPERATOR}"]\n`,
  });
  addMonoRepo(env.github);

  let seen = env.slack.calls.length;
  assert.equal((await env.command("test repo:acme/mono")).status, 200);
  const asked = await env.next(/Which workflow\?/, seen);
  assert.match(text(asked.body), /Nothing has run yet/);
  assert.match(text(asked.body), /lint\.yml/, "says which workflow was left out");
  const choices = buttonsOf(asked.body).filter((b) => b.text?.text !== "Full report");
  assert.deepEqual(choices.map((b) => b.text?.text), ["ci.yml", "e2e.yml"]);
  await settle();
  assert.equal(env.github.state.dispatches.length, 0, "nothing dispatched by the question");

  const e2e = choices[1];
  assert.ok(e2e.value);
  const ts = String(asked.body.ts ?? "");

  // Someone without a grant presses it: refused like a typed command, nothing dispatched.
  seen = env.slack.calls.length;
  await env.click(e2e.value, ts, STRANGER);
  const refused = await env.next(/needs the operator role/, seen);
  assert.match(text(refused.body), new RegExp(STRANGER));
  await settle();
  assert.equal(env.github.state.dispatches.length, 0);

  seen = env.slack.calls.length;
  assert.equal((await env.click(e2e.value, ts)).status, 200);
  await env.next(/Test e2e\.yml on acme\/mono@main/, seen, 30_000);
  const deadline = Date.now() + 10_000;
  while (env.github.state.dispatches.length < 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await settle();
  assert.equal(env.github.state.dispatches.length, 1, "exactly one dispatch");
  const [dispatch] = env.github.state.dispatches;
  assert.equal(dispatch.repo, "acme/mono");
  assert.match(String(dispatch.workflow), /e2e\.yml/);
  assert.equal(dispatch.ref, "main");
});
