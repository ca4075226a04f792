/**
 * End to end in Microsoft Teams (issue 15): the "Understood as …" card carries Run, Edit and
 * Dismiss. Dismiss by the requester replaces the card and dispatches nothing, once; a stranger's
 * Dismiss changes nothing. Edit shows an `Input.Text` prefilled with the exact command; its
 * "Run edited command" runs the changed command once, through the typed-message parse path.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import {
  type ConnectorCall,
  executeActivity,
  executeWithInputs,
  messageActivity,
  startBotConnectorSim,
} from "../sim/botconnector.ts";
import { addWebRepo, FLAKY_BRANCH, GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

/** Entra object ids (the policy loader wants GUIDs). */
const OPERATOR = "6b1c2d3e-0000-4000-8000-000000000001";
const STRANGER = "6b1c2d3e-0000-4000-8000-000000000002";
const as = <T extends { from?: object }>(user: string, activity: T): T => ({
  ...activity,
  from: { ...activity.from, aadObjectId: user },
});

async function startService() {
  const github = await simWithApp();
  addWebRepo(github);
  const connector = await startBotConnectorSim();
  const dir = await Deno.makeTempDir();
  const policyFile = `${dir}/policy.yml`;
  await Deno.writeTextFile(
    policyFile,
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["teams:${OPERATOR}", "teams:${STRANGER}"]\n`,
  );
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    MICROSOFT_APP_ID: connector.appId,
    MICROSOFT_APP_PASSWORD: connector.appPassword,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    POLICY_FILE: policyFile,
  }, {
    log: memoryLogger(),
    github: { retryAfterBaseValue: 5 },
    maxJobWaitMs: 200,
    teams: { openIdMetadataUrl: connector.openIdMetadataUrl, loginUrl: connector.loginUrl },
  });
  const post = async (activity: unknown) => {
    const res = await service.app.request("/api/messages", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: await connector.token() },
      body: JSON.stringify(activity),
    });
    assert.equal(res.status, 200);
    return await res.text();
  };
  return {
    github,
    connector,
    post,
    dispatches: () => github.state.dispatches.length,
    async [Symbol.asyncDispose]() {
      await service.close();
      await connector.close();
      await github.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

type Env = Awaited<ReturnType<typeof startService>>;
type Action = {
  type: string;
  title?: string;
  verb?: string;
  data?: Record<string, unknown>;
  card?: { body: Array<{ type: string; id: string; value: string }>; actions: Action[] };
};
const shown = (call: ConnectorCall) => JSON.stringify(call.activity.attachments ?? []);
const actionsOf = (call: ConnectorCall) =>
  (call.activity.attachments?.[0]?.content as { actions?: Action[] } | undefined)?.actions ?? [];
const settle = () => new Promise((r) => setTimeout(r, 500));

/** Asks in plain language; resolves with the card's id and its Run, Edit and Dismiss. */
async function understood(env: Env) {
  const activity = as(
    OPERATOR,
    messageActivity(env.connector.serviceUrl, "run the tests on acme/web branch main with ci.yml", {
      mention: true,
    }),
  );
  await env.post(activity);
  const reply = await env.connector.waitFor((c) =>
    c.kind === "reply" && c.activityId === activity.id
  );
  const card = await env.connector.waitFor((c) =>
    c.kind === "update" && c.id === reply.id && /Understood as/.test(shown(c))
  );
  const action = (title: string) => {
    const found = actionsOf(card).find((a) => a.title === title);
    assert.ok(found, `a ${title} action`);
    return found;
  };
  return { cardId: reply.id, run: action("Run"), edit: action("Edit"), dismiss: action("Dismiss") };
}

Deno.test("e2e teams: Dismiss by the requester replaces the card once; a stranger's changes nothing; nothing dispatches", async () => {
  await using env = await startService();
  const { cardId, run, dismiss } = await understood(env);
  assert.equal(dismiss.type, "Action.Execute");
  const press = (user: string, action: Action, id: string) =>
    env.post(as(
      user,
      executeActivity(env.connector.serviceUrl, action.verb ?? "", action.data ?? {}, {
        id,
        replyToId: cardId,
      }),
    ));

  assert.match(await press(STRANGER, dismiss, "d-1"), /Only the person who asked can dismiss/);
  await settle();
  const replaced = () =>
    env.connector.calls.filter((c) =>
      c.kind === "update" && c.id === cardId && /Dismissed by/.test(shown(c))
    );
  assert.equal(replaced().length, 0, "a stranger changes nothing");

  assert.match(await press(OPERATOR, dismiss, "d-2"), /Dismissed/);
  assert.equal(replaced().length, 1, "the card is replaced");
  assert.match(shown(replaced()[0]), /Dismissed by .* — nothing ran\./);
  assert.doesNotMatch(shown(replaced()[0]), /Understood as|Action\.Execute/);

  // Every button of a dismissed card stops working: a double click and Run do nothing.
  assert.match(await press(OPERATOR, dismiss, "d-3"), /expired/);
  assert.match(await press(OPERATOR, run, "d-4"), /expired/);
  await settle();
  assert.equal(replaced().length, 1, "a double click replaces nothing more");
  assert.equal(env.dispatches(), 0, "nothing dispatched");
});

Deno.test("e2e teams: Edit shows the command in an Input.Text; the changed ref runs once", async () => {
  await using env = await startService();
  const { cardId, edit } = await understood(env);
  assert.equal(edit.type, "Action.ShowCard");
  const input = edit.card!.body[0];
  assert.equal(input.type, "Input.Text");
  assert.equal(input.value, "test repo:acme/web workflow:ci.yml ref:main");
  const submit = edit.card!.actions[0];
  assert.equal(submit.title, "Run edited command");
  const send = (command: string, id: string) =>
    env.post(as(
      OPERATOR,
      executeWithInputs(
        env.connector.serviceUrl,
        { verb: submit.verb ?? "", data: submit.data },
        { [input.id]: command },
        { id, replyToId: cardId },
      ),
    ));

  const before = env.connector.calls.length;
  await send("test repo:acme/web frobnicate:yes", "e-1");
  const error = await env.connector.waitFor((c) =>
    env.connector.calls.indexOf(c) >= before && c.kind !== "update"
  );
  assert.match(shown(error), /🤔/, "shown like a typed command's parse error");

  const edited = input.value.replace("ref:main", `ref:${FLAKY_BRANCH}`);
  const mark = env.connector.calls.length;
  assert.match(await send(edited, "e-2"), /Sent/);
  const running = await env.connector.waitFor((c) =>
    env.connector.calls.indexOf(c) >= mark && /Running test repo:acme\/web/.test(shown(c))
  );
  assert.match(shown(running), new RegExp(`ref:${FLAKY_BRANCH}`), "the exact grammar runs");
  await send(edited, "e-2"); // the same invoke delivered again (a Connector retry)
  const deadline = Date.now() + 20_000;
  while (env.dispatches() < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await settle();
  assert.equal(env.dispatches(), 1, "exactly one dispatch");
  assert.equal(env.github.state.dispatches[0].ref, FLAKY_BRANCH);
});
