/**
 * CI alerts end to end: Slack channels subscribe with different filters through `/ci-test`;
 * the GitHub simulator runs scripted workflows and sends signed `workflow_run` /
 * `workflow_job` deliveries; the alerts arrive in exactly the channels whose filters match,
 * one card per run, with the failing job and step, a log excerpt and why the channel got it.
 *
 * The service is the real one, from `boot()`.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { createCore } from "../../src/core.ts";
import { randomId } from "../../src/ids.ts";
import { backgroundRunner } from "../../src/jobs/background.ts";
import { memoryLogger } from "../../src/log.ts";
import { githubProvider } from "../../src/providers/github/provider.ts";
import { openKvStore } from "../../src/store/kv.ts";
import { signSlackRequest, type SlackCall, slashCommandBody, startSlackSim } from "../sim/slack.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";
import { testInbox } from "../inbox/fixture.ts";

const SLACK_SECRET = "alerts-signing-secret";
const HOOK_SECRET = "alerts-webhook-secret";
const FAILURES = { id: "C0FAILURES", name: "ci-failures" };
const MAIN = { id: "C0MAINLINE", name: "main-ci" };
const RECOVERY = { id: "C0RECOVERY", name: "recoveries" };

async function startService() {
  const github = await simWithApp({ timeScale: 600 });
  const slack = await startSlackSim();
  const log = memoryLogger();
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: HOOK_SECRET,
  }, {
    log,
    github: { retryAfterBaseValue: 5 },
    maxJobWaitMs: 200,
    alerts: { backoffMs: () => 20, coalesceMs: 50 },
  });
  const { app } = service;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, app.fetch);
  const hookUrl = `http://127.0.0.1:${server.addr.port}/github/webhooks`;
  github.setWebhook(hookUrl, HOOK_SECRET);

  return {
    github,
    slack,
    log,
    hookUrl,
    /** Sends a slash command in a channel; resolves with the answer shown there. */
    async command(text: string, channel: { id: string; name: string }) {
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
      const res = await app.request("/slack/events", { method: "POST", headers, body });
      await res.text();
      assert.equal(res.status, 200);
      const answer = await slack.waitFor(
        (c) =>
          (c.method === "response_url" && c.id === id) ||
          (c.method === "chat.postMessage" && c.body.channel === channel.id),
        10_000,
      );
      return shown(answer);
    },
    /** Runs ci.yml on main: Python 3.12 fails in pytest, 3.11 passes. */
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
    async [Symbol.asyncDispose]() {
      await github.close();
      await server.shutdown();
      await service.close();
      await slack.close();
    },
  };
}

const shown = (call: SlackCall) => JSON.stringify(call.body.blocks ?? []) + String(call.body.text);
const alertPosts = (calls: SlackCall[], channel: string, runId: number) =>
  calls.filter((c) =>
    c.method === "chat.postMessage" && c.body.channel === channel &&
    shown(c).includes(`Run ${runId} `)
  );

async function settle(env: Awaited<ReturnType<typeof startService>>) {
  await env.github.webhooksIdle();
  // Queue hops (run → deliver) and the coalescing window of job events.
  await new Promise((r) => setTimeout(r, 400));
}

Deno.test("e2e alerts: failure and recovery reach exactly the matching Slack channels", async () => {
  await using env = await startService();
  const subscribed = [
    await env.command("subscribe repo:acme/app on:failure", FAILURES),
    await env.command("subscribe repo:acme/app on:always branch:main", MAIN),
    await env.command("subscribe acme/app on:recovery", RECOVERY),
  ];
  [FAILURES, MAIN, RECOVERY].forEach((channel, i) =>
    assert.match(subscribed[i], new RegExp(`Subscribed: acme/app alerts in #${channel.name}`))
  );
  const listing = await env.command("subscriptions", MAIN);
  assert.match(listing, /Alerts in #main-ci/);
  assert.match(listing, /acme\/app +always +any +main +any/);

  // A failing run: alerts in the failures and main channels, not the recoveries one.
  const failed = env.run("3.12");
  const failAlert = await env.slack.waitFor(
    (c) =>
      c.method === "chat.postMessage" && c.body.channel === FAILURES.id &&
      shown(c).includes(`Run ${failed} `),
    15_000,
  );
  await env.slack.waitFor(
    (c) =>
      c.method === "chat.postMessage" && c.body.channel === MAIN.id &&
      shown(c).includes(`Run ${failed} `),
    15_000,
  );
  await settle(env);
  const text = shown(failAlert);
  assert.match(text, /CI failed on main — acme\/app/);
  assert.match(text, /`test` failed at step `pytest`/);
  assert.match(text, /FAILED tests\/test_api.py::test_dates/, "log excerpt");
  assert.match(text, /You subscribed to failures of any workflow in acme\/app/);
  assert.match(text, /Re-run failed jobs/);
  assert.match(text, /Pushed by/);
  assert.match(
    shown(alertPosts(env.slack.calls, MAIN.id, failed)[0]),
    /every completed run of any workflow on main/,
  );
  const jobEvents = env.github.webhookDeliveries.filter((d) => d.event === "workflow_job");
  assert.ok(jobEvents.length >= 3, "several job events for the run");
  assert.equal(alertPosts(env.slack.calls, FAILURES.id, failed).length, 1, "one card per run");
  assert.equal(alertPosts(env.slack.calls, MAIN.id, failed).length, 1, "one card per run");
  assert.equal(alertPosts(env.slack.calls, RECOVERY.id, failed).length, 0);

  // The same delivery again: acknowledged, no second alert.
  const completed = env.github.webhookDeliveries.find((d) =>
    d.event === "workflow_run" && d.action === "completed"
  )!;
  const before = env.slack.calls.length;
  const again = await env.github.redeliver(completed.id);
  assert.equal(again.status, 200);
  await settle(env);
  assert.equal(env.slack.calls.length, before, "a replayed delivery posts nothing");

  // A forged delivery is refused.
  const forged = await fetch(env.hookUrl, {
    method: "POST",
    body: completed.body,
    headers: {
      "x-github-event": "workflow_run",
      "x-hub-signature-256": "sha256=" + "0".repeat(64),
    },
  });
  await forged.body?.cancel();
  assert.equal(forged.status, 401);

  // Success after the failure: a recovery for on:recovery and on:always, not on:failure.
  const recovered = env.run("3.11");
  const recovery = await env.slack.waitFor(
    (c) =>
      c.method === "chat.postMessage" && c.body.channel === RECOVERY.id &&
      shown(c).includes(`Run ${recovered} `),
    15_000,
  );
  await env.slack.waitFor(
    (c) =>
      c.method === "chat.postMessage" && c.body.channel === MAIN.id &&
      shown(c).includes(`Run ${recovered} `),
    15_000,
  );
  await settle(env);
  assert.match(shown(recovery), /CI recovered on main/);
  assert.match(shown(recovery), /You subscribed to recoveries of any workflow in acme\/app/);
  assert.equal(alertPosts(env.slack.calls, FAILURES.id, recovered).length, 0);

  // Another success is no recovery: only the on:always channel hears of it.
  const passed = env.run("3.11");
  await env.slack.waitFor(
    (c) =>
      c.method === "chat.postMessage" && c.body.channel === MAIN.id &&
      shown(c).includes(`Run ${passed} `),
    15_000,
  );
  await settle(env);
  assert.equal(alertPosts(env.slack.calls, RECOVERY.id, passed).length, 0);
  assert.equal(alertPosts(env.slack.calls, FAILURES.id, passed).length, 0);
});

Deno.test("e2e alerts: run details that cannot be fetched still give an alert from the webhook", async () => {
  await using env = await startService();
  assert.match(await env.command("subscribe repo:acme/app", FAILURES), /Subscribed/);
  env.github.faults.push({
    path: /^\/repos\/acme\/app\/actions\/runs\/\d+\/jobs$/,
    status: 502,
    times: 50,
  });
  const failed = env.run("3.12");
  const alert = await env.slack.waitFor(
    (c) =>
      c.method === "chat.postMessage" && c.body.channel === FAILURES.id &&
      shown(c).includes(`Run ${failed} `),
    15_000,
  );
  const text = shown(alert);
  assert.match(text, /CI failed on main — acme\/app/);
  assert.match(text, /Run details unavailable/);
  assert.match(text, /You subscribed to failures of any workflow in acme\/app/);
  assert.ok(env.github.requests.some((r) => /\/jobs$/.test(r.path) && r.status === 502));
  env.github.faults.length = 0;
  await settle(env);
});

Deno.test("e2e alerts: subscribing is refused without SLACK_BOT_TOKEN, saying so", async () => {
  const { createSlackSurface } = await import("../../bots/slack/handler.ts");
  const log = memoryLogger();
  const store = await openKvStore(":memory:");
  const slack = await startSlackSim();
  const replies: unknown[] = [];
  try {
    const { execute } = createCore({
      store,
      log,
      now: () => new Date(),
      newId: randomId,
      provider: githubProvider({ baseUrl: "http://127.0.0.1:9", fetch, log }),
      policy: null,
      deliver: () => Promise.resolve(),
    });
    const background = backgroundRunner(log);
    const surface = createSlackSurface({ signingSecret: SLACK_SECRET }, {
      log,
      store,
      now: () => new Date(),
      newId: randomId,
      parse: (await import("../../src/intent/parse.ts")).parseCommand,
      execute: async (intent, meta, reply) => {
        try {
          return await execute(intent, meta, reply);
        } catch (error) {
          replies.push(error);
          throw error;
        }
      },
      reportUrl: (id) => `https://ci.example.test/reports/${id}`,
      background: (name, work) => background.run(name, work),
      inbox: testInbox(store, (name, work) => background.run(name, work)),
      fetch,
    });
    const body = slashCommandBody({
      command: "/ci-test",
      text: "subscribe repo:acme/app",
      response_url: slack.responseUrl("nobot"),
    });
    const headers = await signSlackRequest(SLACK_SECRET, body, Math.floor(Date.now() / 1000));
    headers.set("content-type", "application/x-www-form-urlencoded");
    const res = await surface(
      new Request("http://x/slack/events", { method: "POST", headers, body }),
    );
    await res.text();
    const answer = await slack.waitFor((c) => c.method === "response_url", 10_000);
    await background.drain();
    assert.match(shown(answer), /subscriptions need a channel this app can post to/);
    assert.match(shown(answer), /SLACK_BOT_TOKEN/);
    assert.equal(replies.length, 1);
  } finally {
    await store.close();
    await slack.close();
  }
});
