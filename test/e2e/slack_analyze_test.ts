/**
 * End to end: a signed Slack slash command → ack → analyze through the real GitHub provider
 * against the GitHub simulator → Block Kit on the simulated response_url, over real HTTP.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { startGitHubSim } from "../sim/github.ts";
import { signSlackRequest, type SlackCall, slashCommandBody, startSlackSim } from "../sim/slack.ts";

const SECRET = "e2e-signing-secret";
const GITHUB_TOKEN = "ghs_e2eTokenNeverShown";

const CI_YML = `name: CI
on: [push, pull_request]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: some-org/setup-thing@v2
      - run: echo "::set-output name=version::1.2.3"
`;
const TRIAGE_YML = `name: Triage
on:
  issues:
    types: [opened]
permissions:
  issues: write
jobs:
  label:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: echo "New issue \${{ github.event.issue.title }}"
`;

async function startAll() {
  const github = await startGitHubSim({ token: GITHUB_TOKEN });
  github.state.addRepo("acme/app", {
    files: {
      ".github/workflows/ci.yml": CI_YML,
      ".github/workflows/triage.yml": TRIAGE_YML,
      "README.md": "# app\n",
    },
  });
  const slack = await startSlackSim();
  const log = memoryLogger();
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
  }, { log, github: { retries: 2, retryAfterBaseValue: 5, timeoutMs: 2_000 } });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    service.app.fetch,
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    github,
    slack,
    log,
    service,
    base,
    async close() {
      await service.close();
      await server.shutdown();
      await slack.close();
      await github.close();
    },
  };
}

async function slashCommand(base: string, body: string, extra: Record<string, string> = {}) {
  const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
  headers.set("content-type", "application/x-www-form-urlencoded");
  for (const [k, v] of Object.entries(extra)) headers.set(k, v);
  const started = performance.now();
  const res = await fetch(`${base}/slack/events`, { method: "POST", headers, body });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  return { status: res.status, json, ms: performance.now() - started };
}

/** Every piece of text in a Block Kit message, flattened. */
function blockText(call: SlackCall): string {
  return JSON.stringify(call.body.blocks ?? []) + String(call.body.text ?? "");
}

Deno.test("e2e: /ci-test analyze repo:acme/app → ack < 3 s → real findings in Slack", async () => {
  const env = await startAll();
  try {
    const body = slashCommandBody({
      command: "/ci-test",
      text: "analyze repo:acme/app",
      response_url: env.slack.responseUrl("first"),
    });
    const ack = await slashCommand(env.base, body);
    assert.equal(ack.status, 200);
    assert.ok(ack.ms < 3000, `ack took ${ack.ms} ms`);
    assert.equal(ack.json.response_type, "ephemeral");
    assert.match(JSON.stringify(ack.json), /analyze/);
    assert.match(JSON.stringify(ack.json), /acme\/app/);

    const result = await env.slack.waitFor(
      (c) => c.method === "response_url" && c.id === "first",
      10_000,
    );
    const text = blockText(result);
    // Findings computed from the files the GitHub simulator served, at their real lines.
    // Pedantic advice (missing-timeout on job 'test') is counted, not listed.
    assert.match(text, /3 pedantic findings hidden/);
    assert.match(text, /deprecated-command/);
    assert.match(text, /ci\.yml:11/);
    assert.match(text, /script-injection/);
    assert.match(text, /triage\.yml:12/);
    assert.match(text, /unpinned-action/);
    assert.doesNotMatch(text, new RegExp(GITHUB_TOKEN));
    assert.ok((result.body.blocks as unknown[]).length <= 50);

    // The report page linked from the message serves the same findings.
    const url = /https:\/\/ci\.example\.test\/reports\/([A-Za-z0-9_-]{22})/.exec(text);
    assert.ok(url, "the message links the full report");
    const page = await fetch(`${env.base}/reports/${url[1]}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes("script-injection") && html.includes("triage.yml"));

    // The same request replayed as a Slack retry runs nothing twice.
    const workflowListings = () =>
      env.github.requests.filter((r) => r.path === "/repos/acme/app/actions/workflows").length;
    assert.equal(workflowListings(), 1);
    const retry = await slashCommand(env.base, body, {
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_timeout",
    });
    assert.equal(retry.status, 200);
    await env.service.deps.background.drain();
    assert.equal(workflowListings(), 1, "the retry did not analyze again");
    assert.equal(
      env.slack.calls.filter((c) => c.method === "response_url" && c.id === "first").length,
      1,
      "exactly one result message",
    );
  } finally {
    await env.close();
  }
});

Deno.test("e2e: GitHub failing → retried, then a clear error in Slack, never a hang", async () => {
  const env = await startAll();
  try {
    env.github.faults.push({ path: "/repos/acme/app/actions/workflows", status: 502, times: 100 });
    const body = slashCommandBody({
      command: "/ci-analyze",
      text: "acme/app",
      response_url: env.slack.responseUrl("fault"),
    });
    const ack = await slashCommand(env.base, body);
    assert.equal(ack.status, 200);
    const message = await env.slack.waitFor(
      (c) => c.method === "response_url" && c.id === "fault",
      15_000,
    );
    const text = blockText(message);
    assert.match(text, /GitHub/);
    assert.match(text, /502|unavailable|failing/i);
    const attempts = env.github.requests.filter((r) =>
      r.path === "/repos/acme/app/actions/workflows"
    ).length;
    assert.equal(attempts, 3, "one attempt and two retries");
  } finally {
    await env.close();
  }
});

Deno.test("e2e: forged signature → 401 and nothing runs", async () => {
  const env = await startAll();
  try {
    const body = slashCommandBody({
      command: "/ci-test",
      text: "analyze repo:acme/app",
      response_url: env.slack.responseUrl("forged"),
    });
    const headers = await signSlackRequest("wrong-secret", body, Math.floor(Date.now() / 1000));
    headers.set("content-type", "application/x-www-form-urlencoded");
    const res = await fetch(`${env.base}/slack/events`, { method: "POST", headers, body });
    assert.equal(res.status, 401);
    await res.body?.cancel();
    await env.service.deps.background.drain();
    assert.equal(env.github.requests.length, 0);
    assert.equal(env.slack.calls.length, 0);
  } finally {
    await env.close();
  }
});

Deno.test("e2e: /ci-test help → Block Kit help generated from the command table", async () => {
  const env = await startAll();
  try {
    const body = slashCommandBody({
      command: "/ci-test",
      text: "help",
      response_url: env.slack.responseUrl("help"),
    });
    const ack = await slashCommand(env.base, body);
    assert.equal(ack.status, 200);
    const message = await env.slack.waitFor(
      (c) => c.method === "response_url" && c.id === "help",
      10_000,
    );
    assert.equal(message.body.response_type, "ephemeral");
    const text = blockText(message);
    for (const op of ["test", "compare", "migrate", "analyze", "optimize", "status"]) {
      assert.ok(text.includes(op), `help mentions ${op}`);
    }
    assert.equal(env.github.requests.length, 0, "help needs no CI provider");
  } finally {
    await env.close();
  }
});

Deno.test("e2e: text the parser cannot read → ephemeral hint and examples, nothing runs", async () => {
  const env = await startAll();
  try {
    const body = slashCommandBody({
      command: "/ci-test",
      text: "frobnicate the quux repo:acme/app",
      response_url: env.slack.responseUrl("unreadable"),
    });
    const ack = await slashCommand(env.base, body);
    assert.equal(ack.status, 200);
    assert.equal(ack.json.response_type, "ephemeral");
    const text = JSON.stringify(ack.json);
    assert.match(text, /frobnicate/, "quotes what it did not understand");
    assert.match(text, /analyze repo:acme\/app/, "gives examples");
    await env.service.deps.background.drain();
    assert.equal(env.github.requests.length, 0);
    assert.equal(env.slack.calls.length, 0);
  } finally {
    await env.close();
  }
});

Deno.test("e2e: a corrected typo is shown back with Run, and nothing runs until pressed", async () => {
  const env = await startAll();
  try {
    const body = slashCommandBody({
      command: "/ci-test",
      text: "anaylze repo:acme/app",
      response_url: env.slack.responseUrl("typo"),
    });
    const ack = await slashCommand(env.base, body);
    assert.equal(ack.status, 200);
    await env.service.deps.background.drain();
    assert.equal(env.github.requests.length, 0, "the guess read nothing from GitHub");
    const shown = JSON.stringify(env.slack.calls.map((c) => c.body));
    assert.match(shown, /Understood as: analyze repo:acme\/app/);
    assert.match(shown, /"text":"Run"/);
  } finally {
    await env.close();
  }
});
