/**
 * End to end in Microsoft Teams (issue 15), through the real service from `boot()`: a
 * state-changing request in plain language is not run but shown back — an "Understood as …" card
 * with a Run `Action.Execute` — and dispatches nothing on the GitHub simulator until Run is
 * pressed; then exactly one dispatch (a repeated click none more). The exact grammar still
 * dispatches at once.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import {
  type ConnectorCall,
  executeActivity,
  messageActivity,
  startBotConnectorSim,
} from "../sim/botconnector.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

/**
 * The operator's Entra object id. The simulator's `TEAMS.userAadId` is not a GUID, which the
 * policy loader rightly refuses, so the activities here carry this one instead.
 */
const OPERATOR = "6b1c2d3e-0000-4000-8000-000000000001";
const asOperator = <T extends { from?: object }>(activity: T): T => ({
  ...activity,
  from: { ...activity.from, aadObjectId: OPERATOR },
});

async function startService() {
  const github = await simWithApp();
  const connector = await startBotConnectorSim();
  const dir = await Deno.makeTempDir();
  const policyFile = `${dir}/policy.yml`;
  await Deno.writeTextFile(
    policyFile,
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["teams:${OPERATOR}"]\n`,
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
    return { status: res.status, text: await res.text() };
  };

  const waitFor = connector.waitFor;
  const dispatches = () => github.state.dispatches.length;
  const untilDispatches = async (n: number, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (dispatches() < n && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    github,
    connector,
    waitFor,
    dispatches,
    untilDispatches,
    /** Sends `<at>ci-orchestrator</at> text`; resolves with the first reply and the activity. */
    async mention(text: string) {
      const activity = asOperator(messageActivity(connector.serviceUrl, text, { mention: true }));
      assert.equal((await post(activity)).status, 200);
      const reply = await waitFor((c) => c.kind === "reply" && c.activityId === activity.id);
      return { activity, reply };
    },
    /** Presses an `Action.Execute` button; resolves with the invoke response's text. */
    async press(action: Action, id: string) {
      const click = executeActivity(connector.serviceUrl, action.verb ?? "", action.data ?? {}, {
        id,
      });
      const res = await post(asOperator(click));
      assert.equal(res.status, 200);
      return res.text;
    },
    async [Symbol.asyncDispose]() {
      await service.close();
      await connector.close();
      await github.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

type Action = { type: string; title?: string; verb?: string; data?: Record<string, unknown> };
const shown = (call: ConnectorCall) => JSON.stringify(call.activity.attachments ?? []);
const actionsOf = (call: ConnectorCall) =>
  (call.activity.attachments?.[0]?.content as { actions?: Action[] } | undefined)?.actions ?? [];
const settle = () => new Promise((r) => setTimeout(r, 500));

Deno.test("e2e teams: plain language that would dispatch is shown with Run; Run dispatches once", async () => {
  await using env = await startService();
  const { reply } = await env.mention("please run the tests on acme/app with ci.yml branch main");
  assert.match(shown(reply), /🔎 Reading test repo:acme\/app/);
  assert.doesNotMatch(shown(reply), /Running/);

  const card = await env.waitFor((c) =>
    c.kind === "update" && c.id === reply.id && /Understood as/.test(shown(c))
  );
  assert.match(shown(card), /Understood as: test repo:acme\/app workflow:ci\.yml ref:main/);
  assert.match(shown(card), /Nothing has run yet/);
  const run = actionsOf(card).find((a) => a.type === "Action.Execute" && a.title === "Run");
  assert.ok(run?.data?.actionId, "a Run Action.Execute");
  await settle();
  assert.equal(env.dispatches(), 0, "nothing dispatched before Run");

  assert.match(await env.press(run, "run-click-1"), /Running test/);
  const result = await env.waitFor(
    (c) =>
      c.kind === "update" && c.id !== reply.id && /acme\/app@main/.test(shown(c)) &&
      !/⏳/.test(shown(c)),
    30_000,
  );
  assert.match(shown(result), /Test ci\.yml on acme\/app@main/);
  assert.equal(env.dispatches(), 1, "exactly one dispatch");
  assert.equal(env.github.state.dispatches[0].ref, "main");

  // The same click delivered again (a Connector retry) dispatches nothing more.
  assert.match(await env.press(run, "run-click-1"), /Already running/);
  await settle();
  assert.equal(env.dispatches(), 1);
});

Deno.test("e2e teams: the exact grammar still dispatches at once", async () => {
  await using env = await startService();
  const { reply } = await env.mention("test repo:acme/app workflow:ci.yml ref:main");
  assert.match(shown(reply), /⏳ Running test repo:acme\/app/);
  await env.untilDispatches(1);
  assert.equal(env.dispatches(), 1);
  const updates = env.connector.calls.filter((c) => c.kind === "update" && c.id === reply.id);
  assert.ok(updates.every((c) => !/Understood as/.test(shown(c))));
});
