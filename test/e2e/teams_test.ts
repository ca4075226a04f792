/**
 * Microsoft Teams end to end through the real service from `boot()`: the Bot Connector
 * simulator signs the channel→bot tokens the real `botbuilder` SDK validates (its OpenID
 * metadata and login URL injected with `BootOverrides.teams`), analyze runs against the GitHub
 * simulator's workflows, and alerts from signed `workflow_run` deliveries reach a Teams channel
 * (proactively) and a Slack channel according to each one's filter.
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
import { signSlackRequest, type SlackCall, slashCommandBody, startSlackSim } from "../sim/slack.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

const SLACK_SECRET = "teams-e2e-slack-secret";
const HOOK_SECRET = "teams-e2e-webhook-secret";
const PUBLIC_URL = "https://ci.example.test";
const SLACK_CHANNEL = { id: "C0FAILTEAM", name: "ci-failures" };

async function startService() {
  const github = await simWithApp({ timeScale: 600 });
  const connector = await startBotConnectorSim();
  const slack = await startSlackSim();
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL,
    MICROSOFT_APP_ID: connector.appId,
    MICROSOFT_APP_PASSWORD: connector.appPassword,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: HOOK_SECRET,
  }, {
    log: memoryLogger(),
    github: { retryAfterBaseValue: 5 },
    maxJobWaitMs: 200,
    alerts: { backoffMs: () => 20, coalesceMs: 50 },
    teams: { openIdMetadataUrl: connector.openIdMetadataUrl, loginUrl: connector.loginUrl },
  });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    service.app.fetch,
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  github.setWebhook(`${base}/github/webhooks`, HOOK_SECRET);

  const waitForTeams = connector.waitFor;

  return {
    github,
    connector,
    slack,
    service,
    base,
    waitForTeams,
    /** POSTs an activity to `/api/messages` over HTTP with the given `Authorization`. */
    async post(activity: unknown, authorization: string) {
      const res = await fetch(`${base}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization },
        body: JSON.stringify(activity),
      });
      await res.body?.cancel();
      return res.status;
    },
    /**
     * Sends `<at>ci-orchestrator</at> text` in the Teams channel; resolves with the card that
     * replaced the "Running" reply.
     */
    async mention(text: string) {
      const activity = messageActivity(connector.serviceUrl, text, { mention: true });
      assert.equal(await this.post(activity, await connector.token()), 200);
      const reply = await waitForTeams((c) => c.kind === "reply" && c.activityId === activity.id);
      assert.match(shownCard(reply), /Running/);
      const update = await waitForTeams((c) =>
        c.kind === "update" && c.activityId === reply.id && !/⏳ Running/.test(shownCard(c))
      );
      return { reply, update };
    },
    /** Sends a signed `/ci-test` in a Slack channel; resolves with the answer shown there. */
    async slackCommand(text: string, channel: { id: string; name: string }) {
      const id = crypto.randomUUID();
      const body = slashCommandBody({
        command: "/ci-test",
        text,
        channel_id: channel.id,
        channel_name: channel.name,
        response_url: slack.responseUrl(id),
      });
      const headers = await signSlackRequest(SLACK_SECRET, body, Math.floor(Date.now() / 1000));
      headers.set("content-type", "application/x-www-form-urlencoded");
      const res = await fetch(`${base}/slack/events`, { method: "POST", headers, body });
      await res.body?.cancel();
      assert.equal(res.status, 200);
      const answer = await slack.waitFor(
        (c) =>
          (c.method === "response_url" && c.id === id) ||
          (c.method === "chat.postMessage" && c.body.channel === channel.id),
        10_000,
      );
      return shownSlack(answer);
    },
    /** Dispatches ci.yml on main: Python 3.12 fails in pytest, 3.11 passes. */
    run(pythonVersion: string) {
      const repo = github.state.repo("acme/app")!;
      const workflow = github.state.findWorkflow(repo, "ci.yml")!;
      const run = github.state.dispatch(repo, workflow, {
        ref: "main",
        inputs: { "python-version": pythonVersion },
      });
      if (typeof run === "string") throw new Error(run);
      return Number(run.id);
    },
    /** Waits for webhook deliveries, the alert queue hops and the coalescing window. */
    async settle() {
      await github.webhooksIdle();
      await new Promise((r) => setTimeout(r, 400));
    },
    async [Symbol.asyncDispose]() {
      await github.close();
      await server.shutdown();
      await service.close();
      await slack.close();
      await connector.close();
    },
  };
}

const shownCard = (call: ConnectorCall) => JSON.stringify(call.activity.attachments ?? []);
const shownSlack = (call: SlackCall) =>
  JSON.stringify(call.body.blocks ?? []) + String(call.body.text);

Deno.test("e2e teams: @mention analyze with a valid token → Running, then real findings in a card", async () => {
  await using env = await startService();
  const { reply, update } = await env.mention("analyze repo:acme/app");
  assert.equal(reply.conversationId, TEAMS.conversationId);
  assert.ok(update.authorized, "the update carries the bot's token from the sim's login URL");
  const card = shownCard(update);
  // Computed by analyze from the ci.yml the GitHub simulator serves (actions/checkout@v4).
  assert.match(card, /unpinned-action/);
  assert.match(card, /ci\.yml/);
  assert.ok(
    env.github.requests.some((r) => /\/contents\/\.github\/workflows/.test(r.path)),
    "the workflows were read from GitHub",
  );
  const link = card.match(/https:\/\/ci\.example\.test\/reports\/([\w-]+)/);
  assert.ok(link, "a link to the report page");
  const page = await fetch(`${env.base}/reports/${link[1]}`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /unpinned-action/);
});

for (
  const [name, claims, forged] of [
    ["a forged", {}, true],
    ["an expired", {
      exp: Math.floor(Date.now() / 1000) - 3600,
      nbf: Math.floor(Date.now() / 1000) - 7200,
    }, false],
    ["a wrong-audience", { aud: "00000000-0000-4000-8000-00000000beef" }, false],
  ] as const
) {
  Deno.test(`e2e teams: ${name} token → 401, nothing runs and GitHub is not called`, async () => {
    await using env = await startService();
    const activity = messageActivity(env.connector.serviceUrl, "analyze repo:acme/app", {
      mention: true,
    });
    const status = await env.post(activity, await env.connector.token(claims, { forged }));
    assert.equal(status, 401);
    await env.service.deps.background.drain();
    assert.deepEqual(env.github.requests, []);
    assert.deepEqual(env.connector.calls, []);
  });
}

Deno.test("e2e teams: Teams (always, main) and Slack (failure) subscriptions get exactly their alerts", async () => {
  await using env = await startService();
  const subscribed = await env.mention("subscribe repo:acme/app on:always branch:main");
  assert.match(shownCard(subscribed.update), /Subscribed: acme\/app alerts in #ci in Acme/);
  assert.match(
    await env.slackCommand("subscribe repo:acme/app on:failure", SLACK_CHANNEL),
    /Subscribed: acme\/app alerts in #ci-failures/,
  );
  const teamsAlerts = (runId: number) =>
    env.connector.calls.filter((c) => c.kind === "send" && shownCard(c).includes(`Run ${runId} `));
  const slackAlerts = (runId: number) =>
    env.slack.calls.filter((c) =>
      c.method === "chat.postMessage" && c.body.channel === SLACK_CHANNEL.id &&
      shownSlack(c).includes(`Run ${runId} `)
    );

  const failed = env.run("3.12");
  const teamsAlert = await env.waitForTeams((c) =>
    c.kind === "send" && shownCard(c).includes(`Run ${failed} `)
  );
  const slackAlert = await env.slack.waitFor(
    (c) =>
      c.method === "chat.postMessage" && c.body.channel === SLACK_CHANNEL.id &&
      shownSlack(c).includes(`Run ${failed} `),
    15_000,
  );
  await env.settle();
  // A proactive post into the subscribed channel itself, not a reply in the command's thread.
  assert.equal(teamsAlert.conversationId, TEAMS.channelId);
  assert.equal(teamsAlert.activityId, undefined);
  assert.ok(teamsAlert.authorized);
  // The latest version of the Teams card (coalesced updates replace it in place).
  const latest = env.connector.calls.filter((c) =>
    c.id === teamsAlert.id && (c.kind === "send" || c.kind === "update")
  ).at(-1)!;
  const card = shownCard(latest);
  assert.match(card, /CI failed on main — acme\/app/);
  // CI names are monospace runs of plain text (never markdown) between our words.
  assert.match(
    card,
    /"text":"test","fontType":"Monospace"\},\{"type":"TextRun","text":" failed at step "\},\{"type":"TextRun","text":"pytest","fontType":"Monospace"/,
  );
  assert.match(card, /You subscribed to every completed run of any workflow on main/);
  assert.match(shownSlack(slackAlert), /You subscribed to failures of any workflow in acme\/app/);
  assert.equal(teamsAlerts(failed).length, 1, "one proactive Teams post for the run");
  assert.equal(slackAlerts(failed).length, 1, "one Slack alert for the run");

  // Replaying the completed delivery: acknowledged, nothing new anywhere.
  const completed = env.github.webhookDeliveries.find((d) =>
    d.event === "workflow_run" && d.action === "completed"
  )!;
  const before = { teams: env.connector.calls.length, slack: env.slack.calls.length };
  assert.equal((await env.github.redeliver(completed.id)).status, 200);
  await env.settle();
  assert.deepEqual(
    { teams: env.connector.calls.length, slack: env.slack.calls.length },
    before,
    "a replayed delivery posts nothing",
  );

  // Success afterwards: Teams (always) hears of the recovery, Slack (failure only) does not.
  const passed = env.run("3.11");
  const recovery = await env.waitForTeams((c) =>
    c.kind === "send" && shownCard(c).includes(`Run ${passed} `)
  );
  await env.settle();
  assert.match(shownCard(recovery), /CI recovered on main/);
  assert.equal(teamsAlerts(passed).length, 1);
  assert.equal(slackAlerts(passed).length, 0, "on:failure gets no success alert");
});

Deno.test("e2e teams: a dispatching test without a policy file is refused with the reason in a card", async () => {
  await using env = await startService();
  const { update } = await env.mention(
    "test repo:acme/app workflow:ci.yml matrix:python-version=3.11,3.12",
  );
  assert.match(shownCard(update), /no policy file, so only read-only operations are allowed/);
  assert.ok(
    !env.github.requests.some((r) => r.method === "POST" && /dispatches$/.test(r.path)),
    "nothing was dispatched",
  );
});
