/**
 * Issue 12 item 11 and the Teams channel extra, against the real service from `boot()` with
 * the Bot Connector simulator signing real channel→bot tokens:
 * - a `teams:<tenant>/<object-id>` grant matches that user in a channel (the requester's
 *   workspace is the tenant, not `channelData.team.id`), and not the same object id from
 *   another tenant;
 * - a validly signed activity from another Bot Framework channel (`webchat`, `directline`) is
 *   refused and runs nothing.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import {
  type ConnectorCall,
  messageActivity,
  startBotConnectorSim,
  TEAMS,
} from "../sim/botconnector.ts";
import { GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";

const OTHER_TENANT = "0e9d8c7b-0000-4000-8000-0000000000ff";
/** The user's Entra object id (a GUID, as grants require). */
const USER_AAD = "6b1c2d3e-0000-4000-8000-000000000001";

async function setup() {
  const github = await simWithApp();
  // Endorsed like Microsoft's keys: one token is valid for several channels of the bot.
  const connector = await startBotConnectorSim({
    endorsements: ["msteams", "webchat", "directline", "emulator"],
  });
  const dir = await Deno.makeTempDir();
  const policy = `${dir}/policy.yml`;
  await Deno.writeTextFile(
    policy,
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["teams:${TEAMS.tenantId}/${USER_AAD}"]\n`,
  );
  const service = await boot({
    KV_PATH: ":memory:",
    POLICY_FILE: policy,
    MICROSOFT_APP_ID: connector.appId,
    MICROSOFT_APP_PASSWORD: connector.appPassword,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
  }, {
    log: memoryLogger(),
    github: { retryAfterBaseValue: 5 },
    maxJobWaitMs: 200,
    teams: { openIdMetadataUrl: connector.openIdMetadataUrl, loginUrl: connector.loginUrl },
  });
  return {
    github,
    connector,
    service,
    async post(activity: unknown) {
      const res = await service.app.request("/api/messages", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: await connector.token(),
        },
        body: JSON.stringify(activity),
      });
      return { status: res.status, body: await res.text() };
    },
    async [Symbol.asyncDispose]() {
      await service.close();
      await connector.close();
      await github.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const shown = (call: ConnectorCall) => JSON.stringify(call.activity.attachments ?? []);

async function finalCard(connector: { calls: ConnectorCall[] }, activityId: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const reply = connector.calls.find((c) => c.kind === "reply" && c.activityId === activityId);
    const update = reply &&
      connector.calls.find((c) => c.kind === "update" && c.activityId === reply.id);
    if (update) return shown(update);
    if (Date.now() > deadline) throw new Error("no final card");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A channel message from the granted user's object id, in `tenant`. */
function inTenant(activity: ReturnType<typeof messageActivity>, tenant: string) {
  return {
    ...activity,
    from: { ...activity.from!, aadObjectId: USER_AAD },
    conversation: { ...activity.conversation!, tenantId: tenant },
    channelData: { ...activity.channelData, tenant: { id: tenant } },
  };
}

Deno.test("teams: a tenant-scoped operator grant works in a channel", async () => {
  await using env = await setup();
  const activity = inTenant(
    messageActivity(env.connector.serviceUrl, "test repo:acme/app workflow:ci.yml", {
      mention: true,
    }),
    TEAMS.tenantId,
  );
  assert.equal((await env.post(activity)).status, 200);
  const card = await finalCard(env.connector, activity.id!);
  assert.doesNotMatch(card, /operator role|not allowed/i);
  const deadline = Date.now() + 10_000;
  while (env.github.state.dispatches.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(env.github.state.dispatches.length, 1, "the workflow was dispatched");
});

Deno.test("teams: the same object id from another tenant does not get the grant", async () => {
  await using env = await setup();
  const activity = inTenant(
    messageActivity(env.connector.serviceUrl, "test repo:acme/app workflow:ci.yml", {
      mention: true,
    }),
    OTHER_TENANT,
  );
  assert.equal((await env.post(activity)).status, 200);
  const card = await finalCard(env.connector, activity.id!);
  assert.match(card, /operator/);
  assert.equal(env.github.state.dispatches.length, 0, "nothing dispatched");
});

for (const channelId of ["webchat", "directline", "emulator"]) {
  Deno.test(`teams: a validly signed activity from channel '${channelId}' is refused, nothing runs`, async () => {
    await using env = await setup();
    const activity = {
      ...messageActivity(env.connector.serviceUrl, "analyze repo:acme/app", { mention: true }),
      channelId,
    };
    const res = await env.post(activity);
    assert.equal(res.status, 403);
    assert.match(res.body, new RegExp(`'${channelId}'`));
    await env.service.deps.background.drain();
    assert.equal(env.connector.calls.length, 0, "no reply");
    assert.equal(env.github.requests.length, 0, "nothing read from GitHub");
  });
}
