/**
 * End to end in Slack (issue 15): a state-changing request in plain language is not run but
 * shown back — "Understood as …" with a Run button — and dispatches nothing; pressing Run
 * dispatches exactly once per scenario. The exact grammar still runs at once.
 */
import assert from "node:assert/strict";
import { buttonsOf, OPERATOR, shown as text, startSlackService } from "./slack_service.ts";

const startService = () =>
  startSlackService({
    policy:
      `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${OPERATOR}"]\n`,
  });

const settle = () => new Promise((r) => setTimeout(r, 500));

Deno.test("e2e slack: plain language that would dispatch is shown with Run; Run dispatches once", async () => {
  await using env = await startService();
  const ack = await env.command("run the tests on acme/app branch main with ci.yml");
  assert.equal(ack.status, 200);
  assert.match(ack.text, /Reading/);
  assert.doesNotMatch(ack.text, /Running/);

  const shown = await env.slack.waitFor(
    (c) => /Understood as/.test(text(c.body)),
    10_000,
  );
  assert.match(text(shown.body), /test repo:acme\/app workflow:ci\.yml ref:main/);
  assert.match(text(shown.body), /Nothing has run yet/);
  const run = buttonsOf(shown.body).find((b) => b.text?.text === "Run");
  assert.ok(run?.value, "a Run button");
  await settle();
  assert.equal(env.github.state.dispatches.length, 0, "nothing dispatched before Run");

  assert.equal((await env.click(run.value, String(shown.body.ts ?? ""))).status, 200);
  await env.slack.waitFor(
    (c) => /Test ci\.yml on acme\/app@main/.test(text(c.body)) && !/Testing/.test(text(c.body)),
    30_000,
  );
  assert.equal(env.github.state.dispatches.length, 1, "exactly one dispatch");
  assert.equal(env.github.state.dispatches[0].ref, "main");
});

Deno.test("e2e slack: the exact grammar still dispatches at once", async () => {
  await using env = await startService();
  const ack = await env.command("test repo:acme/app workflow:ci.yml");
  assert.match(ack.text, /Running/);
  const posted = await env.slack.waitFor((c) => c.method === "chat.postMessage", 10_000);
  assert.doesNotMatch(text(posted.body), /Understood as/);
  const deadline = Date.now() + 10_000;
  while (env.github.state.dispatches.length < 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(env.github.state.dispatches.length, 1);
});

Deno.test("e2e slack: a progress question is status; a range is three scenarios; an unknown job id cancels nothing", async () => {
  await using env = await startService();
  await env.command("hows my test run going on acme/app");
  const status = await env.slack.waitFor((c) => /Your jobs/.test(text(c.body)), 10_000);
  assert.doesNotMatch(text(status.body), /Understood as/);

  await env.command("test acme/app with ci.yml on python 3.10 through 3.12");
  const shown = await env.slack.waitFor((c) => /Understood as/.test(text(c.body)), 10_000);
  assert.match(text(shown.body), /python-version=3\.10,3\.11,3\.12/);
  const run = buttonsOf(shown.body).find((b) => b.text?.text === "Run");
  assert.ok(run?.value, "a Run button");
  await env.click(run.value, String(shown.body.ts ?? ""));
  const deadline = Date.now() + 20_000;
  while (env.github.state.dispatches.length < 3 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const versions = env.github.state.dispatches.map((d) => d.inputs["python-version"]).sort();
  assert.deepEqual(versions, ["3.10", "3.11", "3.12"]);

  await env.command("cancel deadbeef");
  const refused = await env.slack.waitFor((c) => /deadbeef/.test(text(c.body)), 10_000);
  assert.match(text(refused.body), /No job with id 'deadbeef'/);
  await settle();
  const cancelled = env.github.state.dispatches
    .map((d) => env.github.state.record(d.runId!)?.run.conclusion)
    .filter((c) => c === "cancelled");
  assert.deepEqual(cancelled, [], "the running job was not cancelled instead");
});
