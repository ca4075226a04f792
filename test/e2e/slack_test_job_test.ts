/**
 * End to end in Slack: `/ci-test repo:acme/app workflow:ci.yml matrix:python-version=3.11,3.12`
 * → ack → the running report posted, updated in place → the final table with both scenarios'
 * real conclusions and durations. Policy decides who may dispatch; every decision is audited.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { listAudit } from "../../src/policy/audit.ts";
import {
  blockActionsBody,
  signSlackRequest,
  slashCommandBody,
  startSlackSim,
} from "../sim/slack.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

const SECRET = "e2e-signing-secret";
const OPERATOR = "U2147483697";
const VIEWER = "U0VIEWER1";

async function startService(
  options: { returnRunDetails?: "supported" | "ignored"; timeScale?: number } = {},
) {
  const github = await simWithApp(options);
  const slack = await startSlackSim();
  const dir = await Deno.makeTempDir();
  const policyFile = `${dir}/policy.yml`;
  await Deno.writeTextFile(
    policyFile,
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${OPERATOR}"]\n` +
      `  - repos: ["acme/*"]\n    role: viewer\n    users: ["slack:${VIEWER}"]\n`,
  );
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    POLICY_FILE: policyFile,
  }, { log: memoryLogger(), maxJobWaitMs: 200, github: { retryAfterBaseValue: 5 } });
  return {
    github,
    slack,
    service,
    async command(text: string, user = OPERATOR) {
      const body = slashCommandBody({
        command: "/ci-test",
        text,
        user_id: user,
        response_url: slack.responseUrl(crypto.randomUUID()),
      });
      const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
      headers.set("content-type", "application/x-www-form-urlencoded");
      const res = await service.app.request("/slack/events", { method: "POST", headers, body });
      return { status: res.status, text: await res.text() };
    },
    async click(value: string, messageTs: string, user = OPERATOR) {
      const body = blockActionsBody({
        value,
        user_id: user,
        message_ts: messageTs,
        response_url: slack.responseUrl(crypto.randomUUID()),
      });
      const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
      headers.set("content-type", "application/x-www-form-urlencoded");
      const res = await service.app.request("/slack/events", { method: "POST", headers, body });
      return { status: res.status, text: await res.text() };
    },
    async [Symbol.asyncDispose]() {
      await service.close();
      await slack.close();
      await github.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const text = (body: Record<string, unknown>) =>
  JSON.stringify(body.blocks ?? []) + String(body.text);

async function finalMessage(env: Awaited<ReturnType<typeof startService>>) {
  const final = await env.slack.waitFor(
    (c) =>
      c.method === "chat.update" && /Test ci\.yml on acme\/app@main/.test(text(c.body)) &&
      !/Testing/.test(text(c.body)),
    30_000,
  );
  return final;
}

for (const mode of ["supported", "ignored"] as const) {
  Deno.test(`e2e slack test (${mode === "supported" ? "run ids returned" : "correlation fallback"}): ack → progress in place → final table`, async () => {
    await using env = await startService({ returnRunDetails: mode });
    const ack = await env.command(
      "test repo:acme/app workflow:ci.yml matrix:python-version=3.11,3.12",
    );
    assert.equal(ack.status, 200);
    assert.match(ack.text, /ephemeral/);

    const posted = await env.slack.waitFor((c) => c.method === "chat.postMessage", 10_000);
    assert.match(text(posted.body), /Testing ci\.yml on acme\/app@main/);
    const final = await finalMessage(env);
    const updates = env.slack.calls.filter((c) => c.method === "chat.update");
    assert.ok(updates.length >= 2, "at least one progress update before the final");
    assert.ok(updates.every((u) => u.body.ts === final.body.ts), "all updates edit one message");

    const shown = text(final.body);
    assert.match(shown, /1 of 2 scenarios passed, 1 failed/);
    assert.match(shown, /python-version=3\.11 +✅ success +8\.0s +[45]m \d{1,2}s/);
    assert.match(
      shown,
      /python-version=3\.12 +❌ failure +8\.0s +[45]m \d{1,2}s +1 +test › pytest/,
    );
    assert.match(shown, /Re-run failed/);
    assert.equal(env.github.state.dispatches.length, 2, "one dispatch per scenario");
    const runIds = new Set(env.github.state.dispatches.map((d) => d.runId));
    assert.equal(runIds.size, 2);

    const audit = await listAudit(env.service.deps.store, { repo: "acme/app" });
    assert.equal(audit[0].outcome, "accepted");
    assert.equal(audit[0].who.userId, OPERATOR);
  });
}

Deno.test("e2e slack test: a viewer cannot dispatch; the denial says what is missing and is audited", async () => {
  await using env = await startService();
  await env.command("test repo:acme/app workflow:ci.yml", VIEWER);
  const denied = await env.slack.waitFor(
    (c) => c.method === "response_url" || c.method === "chat.postEphemeral",
    10_000,
  );
  const shown = text(denied.body);
  assert.match(shown, /operator/);
  assert.match(shown, /acme\/app/);
  assert.match(shown, new RegExp(`slack:${VIEWER}`));
  assert.equal(env.github.state.dispatches.length, 0);
  const audit = await listAudit(env.service.deps.store, { repo: "acme/app" });
  assert.equal(audit.length, 1);
  assert.equal(audit[0].outcome, "denied");
  assert.equal(audit[0].decision.role, "viewer");
  assert.equal(audit[0].decision.required, "operator");
});

Deno.test("e2e slack test: status lists the job; the Cancel button stops it and its runs", async () => {
  // Slow runs (sim time 10× real): the job is still waiting when Cancel is pressed.
  await using env = await startService({ timeScale: 10 });
  await env.command("test repo:acme/app workflow:ci.yml matrix:python-version=3.11,3.12");
  const posted = await env.slack.waitFor((c) => c.method === "chat.postMessage", 10_000);
  const deadline = Date.now() + 20_000;
  while (env.github.state.dispatches.length < 2 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }

  await env.command("status");
  const status = await env.slack.waitFor(
    (c) => c.method === "response_url" && /Your jobs/.test(text(c.body)),
    10_000,
  );
  assert.match(text(status.body), /test +acme\/app +running/);

  type Button = { text?: { text: string }; value?: string };
  const buttons = (posted.body.blocks as Array<{ type: string; elements?: Button[] }>)
    .filter((b) => b.type === "actions").flatMap((b) => b.elements ?? []);
  const cancel = buttons.find((b) => b.text?.text === "Cancel");
  assert.ok(cancel?.value, "a Cancel button on the running message");
  const click = await env.click(cancel.value, String(posted.body.ts ?? ""));
  assert.equal(click.status, 200);

  const final = await env.slack.waitFor(
    (c) =>
      c.method === "chat.update" && /cancelled/.test(text(c.body)) &&
      /Test ci\.yml/.test(text(c.body)),
    30_000,
  );
  assert.match(text(final.body), /⏹ cancelled/);
  const runs = env.github.state.dispatches.map((d) => env.github.state.record(d.runId!)?.run);
  assert.deepEqual(runs.map((r) => r?.conclusion), ["cancelled", "cancelled"]);
  const audit = await listAudit(env.service.deps.store, { repo: "acme/app" });
  assert.deepEqual(audit.map((a) => a.outcome), ["cancelled", "accepted"]);
});
