/**
 * End to end in Slack (issue 15, "ask instead of failing"): `use owner/repo` sets the channel's
 * default repository, which a later `analyze` runs on; without a default, `analyze` is answered
 * with "Which repository?" and a button per recently used repository, which runs the analysis
 * as whoever presses it — and someone without a grant gets nothing from either.
 */
import assert from "node:assert/strict";
import { buttonsOf, OPERATOR, shown as text, startSlackService } from "./slack_service.ts";

const STRANGER = "U0STRANGER";

const startService = () =>
  startSlackService({
    policy:
      `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${OPERATOR}"]\n`,
  });

/** The real analysis of acme/app: findings from the simulator's files. */
const ANALYZED = /Analyze acme\/app[\s\S]*findings in 3 files of acme\/app/;

Deno.test("e2e slack: `use acme/app`, then `analyze` runs on acme/app; `use` shows it", async () => {
  await using env = await startService();
  let seen = env.slack.calls.length;
  assert.equal((await env.command("use acme/app")).status, 200);
  await env.next(/Default repository: acme\/app/, seen);

  seen = env.slack.calls.length;
  await env.command("analyze");
  await env.next(ANALYZED, seen);

  seen = env.slack.calls.length;
  await env.command("use");
  await env.next(/Default repository: acme\/app/, seen);
  // Another channel has no default.
  seen = env.slack.calls.length;
  await env.command("use", OPERATOR, "C0OTHER");
  await env.next(/No default repository/, seen);
});

Deno.test("e2e slack: no default → 'Which repository?' with the recent acme/app; pressing it analyzes", async () => {
  await using env = await startService();
  let seen = env.slack.calls.length;
  await env.command("analyze repo:acme/app");
  await env.next(ANALYZED, seen);

  seen = env.slack.calls.length;
  await env.command("analyze");
  const asked = await env.next(/Which repository\?/, seen);
  assert.match(text(asked.body), /use owner\/repo/);
  assert.doesNotMatch(text(asked.body), /findings/, "nothing analyzed yet");
  const choice = buttonsOf(asked.body).find((b) => b.text?.text === "acme/app");
  assert.ok(choice?.value, "an acme/app button");
  const choices = buttonsOf(asked.body).filter((b) => b.text?.text !== "Full report");
  assert.deepEqual(choices.map((b) => b.text?.text), ["acme/app"]);

  // Someone without a grant presses it: refused, nothing analyzed for them.
  seen = env.slack.calls.length;
  await env.click(choice.value, String(asked.body.ts ?? ""), STRANGER);
  const refused = await env.next(/needs the viewer role/, seen);
  assert.match(text(refused.body), new RegExp(STRANGER));
  assert.doesNotMatch(text(refused.body), /findings/);

  seen = env.slack.calls.length;
  assert.equal((await env.click(choice.value, String(asked.body.ts ?? ""))).status, 200);
  await env.next(ANALYZED, seen);
});

Deno.test("e2e slack: `use` on a repository without a grant sets nothing; no choices → the error with the `use` hint", async () => {
  await using env = await startService();
  let seen = env.slack.calls.length;
  await env.command("use acme/app", STRANGER);
  const refused = await env.next(/`use` on acme\/app needs the viewer role/, seen);
  assert.doesNotMatch(text(refused.body), /Default repository: acme\/app/);

  seen = env.slack.calls.length;
  await env.command("use");
  await env.next(/No default repository/, seen);

  seen = env.slack.calls.length;
  await env.command("test workflow:ci.yml");
  const error = await env.next(/without a repository/, seen);
  assert.match(text(error.body), /use owner\/repo/);
  assert.equal(env.github.state.dispatches.length, 0);
});
