/**
 * Chat platform faults through the whole service: Slack answering `chat.update` and
 * `response_url` with 429/502, the Bot Connector answering Teams replies with 429/502. The
 * final message still arrives, within a deadline.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { messageActivity, startBotConnectorSim } from "../sim/botconnector.ts";
import { signSlackRequest, slashCommandBody, startSlackSim } from "../sim/slack.ts";
import { GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";
import { countingLogger } from "../fuzz/harness.ts";

const SECRET = "faults-slack-secret";
const DEADLINE_MS = 20_000;

const t = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name: `faults: ${name}`, sanitizeResources: false, sanitizeOps: false, fn });

async function slackEnv() {
  const github = await simWithApp();
  const slack = await startSlackSim();
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/policy.yml`,
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:U2147483697"]\n`,
  );
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    POLICY_FILE: `${dir}/policy.yml`,
  }, { log: countingLogger(), maxJobWaitMs: 100, github: { retryAfterBaseValue: 5 } });
  return {
    slack,
    github,
    service,
    async command(text: string) {
      const body = slashCommandBody({
        command: "/ci-test",
        text,
        response_url: slack.responseUrl(crypto.randomUUID()),
      });
      const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
      headers.set("content-type", "application/x-www-form-urlencoded");
      const res = await service.app.request("/slack/events", { method: "POST", headers, body });
      await res.body?.cancel();
      return res.status;
    },
    async [Symbol.asyncDispose]() {
      await service.close();
      await slack.close();
      await github.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const shown = (body: Record<string, unknown>) => JSON.stringify(body.blocks ?? []) + body.text;

for (const status of [429, 502]) {
  t(
    `slack: chat.update answering ${status} twice; the final test table still arrives`,
    async () => {
      await using env = await slackEnv();
      env.slack.fault({ method: "chat.update", status, times: 2, retryAfter: 1 });
      const started = performance.now();
      assert.equal(
        await env.command("test repo:acme/app workflow:ci.yml inputs:python-version=3.11"),
        200,
      );
      const final = await env.slack.waitFor(
        (c) =>
          c.method === "chat.update" && /passed/.test(shown(c.body)) &&
          !/Testing/.test(shown(c.body)),
        DEADLINE_MS,
      );
      assert.match(shown(final.body), /1 of 1 scenarios passed/);
      const failedUpdates = env.slack.calls.filter((c) => c.method === "chat.update").length;
      assert.ok(failedUpdates >= 3, `the faulted updates were retried (${failedUpdates} calls)`);
      assert.equal(env.github.state.dispatches.length, 1);
      assert.ok(performance.now() - started < DEADLINE_MS);
    },
  );

  t(`slack: response_url answering ${status} twice; the analyze answer still arrives`, async () => {
    await using env = await slackEnv();
    env.slack.fault({ method: "response_url", status, times: 2, retryAfter: 1 });
    assert.equal(await env.command("analyze repo:acme/app"), 200);
    // The simulator records faulted calls too: two refused, then the one that landed.
    const landed = await env.slack.waitFor(
      (c) =>
        c.method === "response_url" && /Analy/.test(shown(c.body)) &&
        env.slack.calls.filter((x) => x.method === "response_url").length >= 3,
      DEADLINE_MS,
    );
    assert.match(shown(landed.body), /acme\/app/);
  });
}

for (const status of [429, 502] as const) {
  t(`teams: Bot Connector answering ${status} twice; the analyze card still arrives`, async () => {
    const github = await simWithApp();
    const connector = await startBotConnectorSim();
    const service = await boot({
      KV_PATH: ":memory:",
      PUBLIC_URL: "https://ci.example.test",
      MICROSOFT_APP_ID: connector.appId,
      MICROSOFT_APP_PASSWORD: connector.appPassword,
      GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
    }, {
      log: countingLogger(),
      github: { retryAfterBaseValue: 5 },
      teams: { openIdMetadataUrl: connector.openIdMetadataUrl, loginUrl: connector.loginUrl },
    });
    try {
      const activity = messageActivity(connector.serviceUrl, "analyze repo:acme/app", {
        mention: true,
      });
      connector.fail({ status, retryAfterSeconds: 1, times: 2 });
      const res = await service.app.request("/api/messages", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: await connector.token() },
        body: JSON.stringify(activity),
      });
      await res.body?.cancel();
      assert.ok(res.status < 500, `ack ${res.status}`);
      const deadline = Date.now() + DEADLINE_MS;
      const finalCard = () =>
        connector.calls.find((c) =>
          /Analy/.test(JSON.stringify(c.activity)) && !/⏳ Running/.test(JSON.stringify(c.activity))
        );
      while (!finalCard() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(finalCard(), `final card delivered; calls: ${connector.calls.map((c) => c.kind)}`);
    } finally {
      await service.close();
      await connector.close();
      await github.close();
    }
  });
}
