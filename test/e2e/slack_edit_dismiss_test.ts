/**
 * End to end in Slack (issue 15): the "Understood as …" message carries Run, Edit and Dismiss.
 * Dismiss by the requester replaces the message and dispatches nothing (once; the message's Run
 * stops working); a stranger's Dismiss changes nothing. Edit opens a modal prefilled with the
 * exact command; the changed command runs once, through the same parse path as typing it.
 */
import assert from "node:assert/strict";
import { viewSubmissionBody } from "../sim/slack.ts";
import { addWebRepo, FLAKY_BRANCH } from "./fixtures.ts";
import { buttonsOf, OPERATOR, shown as text, startSlackService } from "./slack_service.ts";

const STRANGER = "U0STRANGER1";

const startService = async () => {
  const env = await startSlackService({
    policy:
      `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${OPERATOR}", "slack:${STRANGER}"]\n`,
  });
  addWebRepo(env.github);
  return env;
};

const settle = () => new Promise((r) => setTimeout(r, 500));

/** Asks in plain language; resolves with the "Understood as" call and its three buttons. */
async function understood(env: Awaited<ReturnType<typeof startService>>) {
  await env.command("run the tests on acme/web branch main with ci.yml");
  const call = await env.slack.waitFor((c) => /Understood as/.test(text(c.body)), 10_000);
  const buttons = buttonsOf(call.body);
  const value = (label: string) => {
    const found = buttons.find((b) => b.text?.text === label)?.value;
    assert.ok(found, `a ${label} button`);
    return found;
  };
  return { call, run: value("Run"), edit: value("Edit"), dismiss: value("Dismiss") };
}

Deno.test("e2e slack: Dismiss by the requester replaces the message once; a stranger's changes nothing; nothing dispatches", async () => {
  await using env = await startService();
  const { call, run, dismiss } = await understood(env);
  assert.match(text(call.body), /Dismiss/);
  const ts = String(call.body.ts ?? "");

  const before = env.slack.calls.length;
  assert.equal((await env.click(dismiss, ts, STRANGER)).status, 200);
  const refused = await env.next(/can dismiss this/, before, 10_000);
  assert.match(text(refused.body), new RegExp(`Only <@${OPERATOR}> can dismiss this`));
  assert.equal(refused.body.replace_original, false, "the message stays");
  assert.equal(refused.body.response_type, "ephemeral");

  const mark = env.slack.calls.length;
  assert.equal((await env.click(dismiss, ts)).status, 200);
  const replaced = await env.next(/Dismissed by/, mark, 10_000);
  assert.match(text(replaced.body), new RegExp(`Dismissed by <@${OPERATOR}> — nothing ran`));
  assert.equal(replaced.body.replace_original, true);
  assert.doesNotMatch(text(replaced.body), /Understood as/);

  // A double click, then the old Run button: nothing new happens, nothing runs.
  await env.click(dismiss, ts);
  await env.click(run, ts);
  await settle();
  const dismissals = env.slack.calls.filter((c) => /Dismissed by/.test(text(c.body)));
  assert.equal(dismissals.length, 1, "one dismissal");
  assert.ok(
    env.slack.calls.slice(mark).some((c) => /expired/.test(text(c.body))),
    "the dismissed message's Run answers as expired",
  );
  assert.equal(env.github.state.dispatches.length, 0, "nothing dispatched");
});

Deno.test("e2e slack: Edit opens a prefilled modal; the changed ref runs once, as typed", async () => {
  await using env = await startService();
  const { call, edit } = await understood(env);
  const before = env.slack.calls.length;
  await env.click(edit, String(call.body.ts ?? ""));
  const opened = await env.slack.waitFor(
    (c) => c.method === "views.open" && env.slack.calls.indexOf(c) >= before,
    10_000,
  );
  assert.ok(opened.body.trigger_id, "opened with the click's trigger_id");
  const view = opened.body.view as {
    callback_id: string;
    blocks: Array<{ block_id: string; element: { action_id: string; initial_value: string } }>;
  };
  const input = view.blocks[0];
  assert.equal(input.element.initial_value, "test repo:acme/web workflow:ci.yml ref:main");
  await settle();
  assert.equal(env.github.state.dispatches.length, 0, "opening the modal runs nothing");

  // Errors in the edited text stay in the modal, as a typed command's would be refused.
  const bad = await env.interact(viewSubmissionBody({
    view: opened.body.view as Record<string, unknown>,
    values: {
      [input.block_id]: { [input.element.action_id]: "test repo:acme/web frobnicate:yes" },
    },
    view_id: "V0BAD",
  }));
  assert.equal(bad.status, 200);
  const errors = JSON.parse(bad.text);
  assert.equal(errors.response_action, "errors");
  assert.ok(errors.errors[input.block_id], "the error is shown on the input");

  const edited = input.element.initial_value.replace("ref:main", `ref:${FLAKY_BRANCH}`);
  const submission = viewSubmissionBody({
    view: opened.body.view as Record<string, unknown>,
    values: { [input.block_id]: { [input.element.action_id]: edited } },
  });
  const ok = await env.interact(submission);
  assert.equal(ok.status, 200);
  assert.equal(ok.text, "", "an empty 200 closes the modal");
  await env.interact(submission); // a repeated submission of the same view does nothing new
  const deadline = Date.now() + 20_000;
  while (env.github.state.dispatches.length < 1 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await settle();
  assert.equal(env.github.state.dispatches.length, 1, "exactly one dispatch");
  assert.equal(env.github.state.dispatches[0].ref, FLAKY_BRANCH);
});

Deno.test("e2e slack: an edit into plain language is shown back again, not run", async () => {
  await using env = await startService();
  const { call, edit } = await understood(env);
  const before = env.slack.calls.length;
  await env.click(edit, String(call.body.ts ?? ""));
  const opened = await env.slack.waitFor(
    (c) => c.method === "views.open" && env.slack.calls.indexOf(c) >= before,
    10_000,
  );
  const view = opened.body.view as {
    blocks: Array<{ block_id: string; element: { action_id: string } }>;
  };
  const input = view.blocks[0];
  const mark = env.slack.calls.length;
  await env.interact(viewSubmissionBody({
    view: opened.body.view as Record<string, unknown>,
    values: {
      [input.block_id]: {
        [input.element.action_id]: `run the tests on acme/web branch ${FLAKY_BRANCH} with ci.yml`,
      },
    },
  }));
  const again = await env.next(/Understood as/, mark, 10_000);
  assert.match(text(again.body), /ref:fix\/flaky-login/);
  await settle();
  assert.equal(env.github.state.dispatches.length, 0, "plain language is confirmed again");
});
