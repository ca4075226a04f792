/**
 * Issue 12 item 9: no secret or token ever reaches a log line. Every surface is driven end to
 * end through the real service, with failures and retries provoked at the simulators (5xx,
 * expired interaction tokens, forged signatures), and every line the production JSON logger
 * wrote is scanned for every secret the test environment holds: Slack signing secret and bot
 * token, Discord public key, bot token and interaction tokens, Teams app password and JWTs,
 * the GitHub token, the MCP key, user GitHub tokens, response_url ids and the webhook secret.
 */
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { routeTemplate } from "../../bots/discord/rest.ts";
import { jsonLogger, redactText } from "../../src/log.ts";
import { messageActivity } from "../sim/botconnector.ts";
import { copilotBody, readSse } from "../sim/copilot.ts";
import { IDS } from "../sim/discord.ts";
import { signSlackRequest, slashCommandBody } from "../sim/slack.ts";
import {
  type AllSurfaces,
  discordCommand,
  SECRETS,
  startAllSurfaces,
  TEAMS_USER,
} from "./log_scan.ts";

const now = () => Math.floor(Date.now() / 1000);

/** Asserts the flow was logged (each of `expected` matches a line) and no line holds a secret. */
function assertNoLeaks(env: AllSurfaces, ...expected: RegExp[]) {
  for (const pattern of expected) {
    assert.ok(env.lines.some((line) => pattern.test(line)), `a line matching ${pattern}`);
  }
  assert.deepEqual(env.leaks(), []);
}

async function slackCommand(
  env: AllSurfaces,
  text: string,
  secret: string = SECRETS.slackSigningSecret,
) {
  const id = `resp${crypto.randomUUID().replaceAll("-", "")}`;
  env.secrets.set(`responseUrl ${id}`, id);
  const body = slashCommandBody({ text, response_url: env.slack.responseUrl(id) });
  const headers = await signSlackRequest(secret, body, now());
  headers.set("content-type", "application/x-www-form-urlencoded");
  const res = await fetch(`${env.base}/slack/events`, { method: "POST", headers, body });
  await res.body?.cancel();
  return { id, status: res.status };
}

const token = (label: string) => `${label}${crypto.randomUUID().replaceAll("-", "")}Tk`;

Deno.test("security: Slack commands with response_url retries and failures log no secret", async () => {
  await using env = await startAllSurfaces();
  env.slack.fault({ method: "response_url", status: 503, times: 2 });
  const ok = await slackCommand(env, "analyze repo:acme/app");
  assert.equal(ok.status, 200);
  await env.slack.waitFor(
    (c) => c.method === "response_url" && c.id === ok.id && /Analy/.test(JSON.stringify(c.body)),
    15_000,
  );
  env.slack.fault({ method: "response_url", status: 500, times: 3 });
  const failing = await slackCommand(env, "analyze repo:acme/app");
  assert.equal(failing.status, 200);
  await new Promise((r) => setTimeout(r, 2_500));
  const forged = await slackCommand(env, "help", "not-the-signing-secret");
  assert.equal(forged.status, 401);
  assertNoLeaks(env, /slack call retried/, /"surface":"slack"/);
});

Deno.test("security: Discord interactions with retries, failures and expired tokens log no token", async () => {
  await using env = await startAllSurfaces();
  const first = token("aW50ZXJhY3Rpb246");
  env.discord.fault({ method: "PATCH", path: /@original$/, status: 502, times: 2 });
  assert.equal(
    await discordCommand(env, "analyze", { repo: "acme/app" }, SECRETS.discordInteractionToken),
    200,
  );
  assert.equal(await discordCommand(env, "analyze", { repo: "acme/app" }, first), 200);
  await env.discord.waitFor(
    (c) => c.method === "PATCH" && c.path.includes(first) && c.status === 200,
    15_000,
  );
  const failing = token("ZmFpbGluZy10b2tlbg");
  env.discord.fault({ path: new RegExp(failing), status: 500, times: 50 });
  assert.equal(await discordCommand(env, "analyze", { repo: "acme/app" }, failing), 200);
  const expired = token("ZXhwaXJlZC10b2tlbg");
  env.discord.expireToken(expired);
  assert.equal(await discordCommand(env, "analyze", { repo: "acme/app" }, expired), 200);
  await env.discord.waitFor(
    (c) => c.method === "POST" && c.path === `/channels/${IDS.channel}/messages`,
    15_000,
  );
  await new Promise((r) => setTimeout(r, 4_000));
  assertNoLeaks(
    env,
    /discord call failed; retrying/,
    /interaction token no longer accepted/,
    /after 4 attempts/,
  );
});

Deno.test("security: Teams activities with Connector retries log no password or JWT", async () => {
  await using env = await startAllSurfaces();
  env.connector.fail({ status: 502, times: 2 });
  const activity = messageActivity(env.connector.serviceUrl, "analyze repo:acme/app", {
    mention: true,
  });
  activity.from = { ...activity.from!, aadObjectId: TEAMS_USER };
  const post = async (authorization: string) => {
    const res = await fetch(`${env.base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization },
      body: JSON.stringify(activity),
    });
    await res.body?.cancel();
    return res.status;
  };
  assert.equal(await post(await env.connector.token()), 200);
  const deadline = Date.now() + 15_000;
  while (!env.connector.calls.some((c) => c.kind === "update") && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(env.connector.calls.some((c) => c.kind === "update"), "the card was updated");
  assert.equal(await post(await env.connector.token({}, { forged: true })), 401);
  assertNoLeaks(env, /"surface":"teams"/, /teams request refused/);
});

Deno.test("security: Copilot and MCP callers' tokens and keys are never logged", async () => {
  await using env = await startAllSurfaces();
  const request = env.copilot.request(
    copilotBody({ text: "@ci-orchestrator optimize", repo: "acme/app" }),
  );
  const res = await fetch(`${env.base}/copilot`, {
    method: "POST",
    headers: request.headers,
    body: await request.text(),
  });
  assert.equal(res.status, 200);
  assert.equal((await readSse(res)).at(-1)?.data, "[DONE]");
  const unknownUser = env.copilot.request(copilotBody({ text: "optimize", repo: "acme/app" }), {
    token: "gho_nobodyKnowsThisToken0000",
  });
  env.secrets.set("unknown user token", "gho_nobodyKnowsThisToken0000");
  const refused = await fetch(`${env.base}/copilot`, {
    method: "POST",
    headers: unknownUser.headers,
    body: await unknownUser.text(),
  });
  await refused.body?.cancel();

  for (const bearer of [SECRETS.mcpApiKey, SECRETS.copilotUserToken]) {
    const client = new Client({ name: "log-scan", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${env.base}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${bearer}` } },
      }),
    );
    const result = await client.callTool({ name: "ci_analyze", arguments: { repo: "acme/app" } });
    assert.ok(Array.isArray(result.content));
    await client.close();
  }
  const wrongKey = "mcp-key-wrong-9a8b7c6d5e4f";
  env.secrets.set("wrong MCP key", wrongKey);
  const denied = await fetch(`${env.base}/mcp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${wrongKey}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });
  await denied.body?.cancel();
  assert.equal(denied.status, 401);
  assertNoLeaks(env, /"path":"\/copilot"/, /"path":"\/mcp"/);
});

Deno.test("security: webhook alerts with log excerpts and delivery retries log no secret", async () => {
  await using env = await startAllSurfaces();
  const subscribing = token("c3Vic2NyaWJl");
  assert.equal(
    await discordCommand(env, "subscribe", { repo: "acme/app", on: "failure" }, subscribing),
    200,
  );
  await env.discord.waitFor(
    (c) => c.method === "PATCH" && /Subscribed/i.test(JSON.stringify(c.body)),
    10_000,
  );
  env.discord.fault({
    method: "POST",
    path: new RegExp(`/channels/${IDS.channel}/messages`),
    status: 500,
    times: 1,
  });
  const repo = env.github.state.repo("acme/app")!;
  const run = env.github.state.dispatch(repo, env.github.state.findWorkflow(repo, "ci.yml")!, {
    ref: "main",
    inputs: { "python-version": "3.12" },
  });
  if (typeof run === "string") throw new Error(run);
  await env.discord.waitFor(
    (c) =>
      c.method === "POST" && c.path === `/channels/${IDS.channel}/messages` && c.status === 200 &&
      /pytest/.test(JSON.stringify(c.body)),
    20_000,
  );
  const forged = await fetch(`${env.base}/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "workflow_run",
      "x-github-delivery": crypto.randomUUID(),
      "x-hub-signature-256": "sha256=" + "0".repeat(64),
    },
    body: "{}",
  });
  await forged.body?.cancel();
  assert.equal(forged.status, 401);
  assertNoLeaks(env, /webhook signature rejected/, /"path":"\/github\/webhooks"/);
});

Deno.test("security: Discord REST logs and errors name route templates, never the token", () => {
  assert.equal(
    routeTemplate("PATCH", "/webhooks/1100000000000000001/aW50ZXJhY3Rpb246MTMw/messages/@original"),
    "PATCH /webhooks/{application}/{token}/messages/@original",
  );
  assert.equal(
    routeTemplate("POST", "/interactions/1300000000000000001/aW50ZXJhY3Rpb246MTMw/callback"),
    "POST /interactions/{interaction}/{token}/callback",
  );
  assert.equal(
    routeTemplate("PATCH", "/channels/1110000000000000002/messages/1200000000000000009"),
    "PATCH /channels/1110000000000000002/messages/{message}",
  );
});

Deno.test("security: the logger scrubs credentials carried in URLs and text", () => {
  const cases: Array<[string, string]> = [
    [
      "POST https://hooks.slack.com/commands/T0001/1234567890/AbCdEfGh123 failed",
      "POST https://hooks.slack.com/commands/[redacted] failed",
    ],
    [
      "https://hooks.slack.com/actions/T0001/5678/xYz987 answered 500",
      "https://hooks.slack.com/actions/[redacted] answered 500",
    ],
    [
      "PATCH https://discord.com/api/v10/webhooks/11/aW50ZXJhY3Rpb24/messages/@original",
      "PATCH https://discord.com/api/v10/webhooks/11/[redacted]/messages/@original",
    ],
    ["/interactions/13/aW50ZXJ/callback", "/interactions/13/[redacted]/callback"],
    [
      "GET https://blob.example/logs/1?sv=2024&sig=AbC%2Bdef&se=2026 timed out",
      "GET https://blob.example/logs/1?sv=2024&sig=[redacted]&se=2026 timed out",
    ],
    ["callback?code=3584d83530557fdd1f46&state=x", "callback?code=[redacted]&state=x"],
    ["sent xoxb-1234-5678-AbCd to Slack", "sent [redacted] to Slack"],
    ["token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "token [redacted]"],
    ["authorization: Bearer mcp-key-2f8e6d4c1a9b7e5d", "authorization: Bearer [redacted]"],
    ["jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl end", "jwt [redacted jwt] end"],
  ];
  for (const [input, expected] of cases) assert.equal(redactText(input), expected);

  const lines: string[] = [];
  const log = jsonLogger({ write: (line) => lines.push(line) });
  log.error("PATCH /webhooks/11/aW50ZXJhY3Rpb24/messages/@original failed", {
    error: new Error("Discord failed PATCH /webhooks/11/aW50ZXJhY3Rpb24/messages/@original"),
    url: "https://hooks.slack.com/commands/T0001/123/secretPart",
  });
  assert.ok(!lines[0].includes("aW50ZXJhY3Rpb24"), lines[0]);
  assert.ok(!lines[0].includes("secretPart"), lines[0]);
});
