import assert from "node:assert/strict";
import { decodeSlackBody } from "../../../bots/slack/decode.ts";
import { stripMentions } from "../../../bots/slack/handler.ts";
import { CiError } from "../../../src/errors.ts";
import { appMentionBody, slashCommandBody } from "../../sim/slack.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const FORM = "application/x-www-form-urlencoded";

Deno.test("decode: slash command, app_mention and block_actions become typed variants", () => {
  const cmd = decodeSlackBody(
    FORM,
    bytes(
      slashCommandBody({ command: "/ci-compare", text: "main dev", response_url: "https://h/r" }),
    ),
  );
  assert.equal(cmd.kind, "slash_command");
  if (cmd.kind === "slash_command") {
    assert.equal(cmd.command.command, "/ci-compare");
    assert.equal(cmd.command.text, "main dev");
    assert.equal(cmd.body.team_domain, "acme");
  }
  const mention = decodeSlackBody(
    "application/json; charset=utf-8",
    bytes(appMentionBody({ text: "<@U0BOT> help" }, { event_id: "Ev9" })),
  );
  assert.equal(mention.kind, "app_mention");
  if (mention.kind === "app_mention") {
    assert.equal(mention.eventId, "Ev9");
    assert.equal(mention.event.text, "<@U0BOT> help");
  }
  const payload = JSON.stringify({
    type: "block_actions",
    user: { id: "U1" },
    team: { id: "T1" },
    trigger_id: "t",
    actions: [{ action_id: "ci_action_0", type: "button", value: "act-1" }],
  });
  const action = decodeSlackBody(FORM, bytes(new URLSearchParams({ payload }).toString()));
  assert.equal(action.kind, "block_actions");
  if (action.kind === "block_actions") assert.equal(action.payload.actions[0].value, "act-1");
});

Deno.test("decode: other interactivity and events are unsupported; broken bodies are bad requests", () => {
  const view = new URLSearchParams({ payload: JSON.stringify({ type: "view_closed" }) });
  assert.deepEqual(decodeSlackBody(FORM, bytes(view.toString())), {
    kind: "unsupported",
    what: "interactivity 'view_closed'",
  });
  assert.deepEqual(decodeSlackBody("application/json", bytes('{"type":"app_rate_limited"}')), {
    kind: "unsupported",
    what: "event envelope 'app_rate_limited'",
  });
  const bad = (type: string, body: Uint8Array, pattern: RegExp) =>
    assert.throws(
      () => decodeSlackBody(type, body),
      (e) => e instanceof CiError && e.code === "bad_request" && pattern.test(e.message),
    );
  bad(FORM, bytes("command=/ci-test&text=x"), /'user_id'/);
  bad(FORM, bytes("payload=%7Bnope"), /payload as JSON/);
  const submission = JSON.stringify({ type: "view_submission" });
  bad(FORM, bytes(new URLSearchParams({ payload: submission }).toString()), /view_submission/);
  bad("application/json", new Uint8Array([0xff, 0xfe]), /not UTF-8/);
  bad("application/json", bytes("[1]"), /no string 'type'/);
});

Deno.test("stripMentions removes user mentions, keeping the command", () => {
  assert.equal(stripMentions("<@U0BOT> analyze  <@U1|ada> acme/app"), "analyze acme/app");
});
