/**
 * Issue 12 item 7: an acknowledged request must not be lost. The real service runs as a child
 * process; the GitHub simulator holds its first answer so the work has started but not finished
 * when the process is killed (SIGKILL) right after the platform got its 2xx. Started again on
 * the same Deno KV file, the service replays the request: exactly one reply reaches the
 * platform.
 */
import assert from "node:assert/strict";
import {
  generateDiscordKeys,
  IDS,
  signInteraction,
  slashInteraction,
  startDiscordSim,
} from "../sim/discord.ts";
import { signSlackRequest, slashCommandBody, startSlackSim } from "../sim/slack.ts";
import { GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";
import { startProcess } from "../e2e/process.ts";
import { signBody } from "../sim/github_hooks.ts";
import { boot } from "../../src/boot.ts";
import { createInbox } from "../../src/inbox/inbox.ts";
import { memoryLogger } from "../../src/log.ts";
import { openKvStore } from "../../src/store/kv.ts";

const SECRET = "inbox-signing-secret";
const USER = "U2147483697";

async function waitUntil(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("inbox: a Slack command acked with 200, then SIGKILL before the work → runs once after restart", async () => {
  await using github = await simWithApp();
  const slack = await startSlackSim();
  const dir = await Deno.makeTempDir();
  try {
    const policy = `${dir}/policy.yml`;
    await Deno.writeTextFile(
      policy,
      `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${USER}"]\n`,
    );
    // No bot token: the reply goes to the command's response_url, the credential the inbox keeps.
    const env = {
      KV_PATH: `${dir}/store.kv`,
      POLICY_FILE: policy,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
      LOG_LEVEL: "info",
    };
    // The work's first GitHub request hangs: the kill lands after the ack, before any reply.
    github.faults.push({ path: /.*/, delayMs: 60_000 });
    const first = await startProcess(env);
    const body = slashCommandBody({
      command: "/ci-test",
      text: "analyze repo:acme/app",
      user_id: USER,
      response_url: slack.responseUrl("inbox"),
    });
    const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
    headers.set("content-type", "application/x-www-form-urlencoded");
    const ack = await fetch(`http://127.0.0.1:${first.port}/slack/events`, {
      method: "POST",
      headers,
      body,
    });
    assert.equal(ack.status, 200);
    assert.match(await ack.text(), /Running/);
    await waitUntil(() => github.faults.length === 0, 20_000, "the work to reach GitHub");
    first.child.kill("SIGKILL");
    await first.child.status;
    const replies = () => slack.calls.filter((c) => c.id === "inbox");
    assert.equal(replies().length, 0, "killed before any reply");

    const second = await startProcess(env);
    try {
      const reply = await slack.waitFor((c) => c.id === "inbox", 60_000);
      assert.match(JSON.stringify(reply.body), /acme\/app/);
      // Give a duplicate every chance to show up before counting.
      await new Promise((r) => setTimeout(r, 1_500));
      assert.equal(replies().length, 1, "exactly one reply on response_url");
    } finally {
      second.child.kill("SIGTERM");
      await second.child.status;
    }
    // A third start finds nothing left to replay.
    const third = await startProcess(env);
    try {
      await new Promise((r) => setTimeout(r, 1_500));
      assert.equal(replies().length, 1, "nothing replayed twice");
    } finally {
      third.child.kill("SIGTERM");
      await third.child.status;
    }
  } finally {
    await slack.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("inbox: a Discord interaction deferred (type 5), then SIGKILL before the work → edited once after restart", async () => {
  await using github = await simWithApp();
  const discord = await startDiscordSim();
  const keys = await generateDiscordKeys();
  const dir = await Deno.makeTempDir();
  try {
    const policy = `${dir}/policy.yml`;
    await Deno.writeTextFile(
      policy,
      `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["discord:${IDS.user}"]\n`,
    );
    const env = {
      KV_PATH: `${dir}/store.kv`,
      POLICY_FILE: policy,
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      DISCORD_APPLICATION_ID: IDS.application,
      DISCORD_BOT_TOKEN: discord.botToken,
      DISCORD_API_URL: discord.apiUrl,
      GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
      LOG_LEVEL: "info",
    };
    github.faults.push({ path: /.*/, delayMs: 60_000 });
    const first = await startProcess(env);
    const body = JSON.stringify(
      slashInteraction({ subcommand: "analyze", options: { repo: "acme/app" }, token: "tok-kill" }),
    );
    const headers = await signInteraction(keys.privateKey, body, Math.floor(Date.now() / 1000));
    const ack = await fetch(`http://127.0.0.1:${first.port}/discord/interactions`, {
      method: "POST",
      headers,
      body,
    });
    assert.equal(ack.status, 200);
    assert.equal((await ack.json()).type, 5, "deferred");
    await waitUntil(() => github.faults.length === 0, 20_000, "the work to reach GitHub");
    first.child.kill("SIGKILL");
    await first.child.status;
    const edits = () =>
      discord.calls.filter((c) =>
        c.method === "PATCH" && /tok-kill\/messages\/@original$/.test(c.path)
      );
    assert.equal(edits().length, 0, "killed before any reply");

    const second = await startProcess(env);
    try {
      const edit = await discord.waitFor(
        (c) =>
          c.method === "PATCH" && /tok-kill/.test(c.path) && /Analyze/.test(JSON.stringify(c.body)),
        60_000,
      );
      assert.match(JSON.stringify(edit.body), /ci\.yml/);
      await new Promise((r) => setTimeout(r, 1_500));
      assert.equal(edits().length, 1, "exactly one edit of @original");
    } finally {
      second.child.kill("SIGTERM");
      await second.child.status;
    }
  } finally {
    await discord.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("inbox: a GitHub delivery stored but unfinished when the process died is handled at start-up, once", async () => {
  await using github = await simWithApp();
  const dir = await Deno.makeTempDir();
  const captured: Array<{ id: string; event: string; body: string }> = [];
  const capture = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    captured.push({
      id: req.headers.get("x-github-delivery") ?? "",
      event: req.headers.get("x-github-event") ?? "",
      body: await req.text(),
    });
    return new Response(null, { status: 202 });
  });
  try {
    github.setWebhook(`http://127.0.0.1:${capture.addr.port}/`, "hook-secret");
    const repo = github.state.repo("acme/app")!;
    const run = github.state.dispatch(repo, github.state.findWorkflow(repo, "ci.yml")!, {
      ref: "main",
      inputs: { "python-version": "3.12" },
    });
    if (typeof run === "string") throw new Error(run);
    const completed = () =>
      captured.find((d) => d.event === "workflow_run" && /"action":"completed"/.test(d.body));
    await waitUntil(() => completed() !== undefined, 20_000, "the completed delivery");
    const delivery = completed()!;
    // What the route writes before handling a delivery; the process died right after.
    const kvPath = `${dir}/store.kv`;
    const store = await openKvStore(kvPath);
    const inbox = createInbox(store, { log: memoryLogger(), now: () => new Date() });
    const entry = { event: delivery.event, body: JSON.parse(delivery.body) };
    assert.equal(await inbox.accept("github", delivery.id, entry), true);
    await store.close();

    const service = await boot({
      KV_PATH: kvPath,
      GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
      GITHUB_WEBHOOK_SECRET: "hook-secret",
    }, { log: memoryLogger(), github: { retryAfterBaseValue: 5 } });
    try {
      const key = ["inbox", "github", delivery.id];
      const deadline = Date.now() + 10_000;
      let record = await service.deps.store.get<{ state: string }>(key);
      while (record?.state !== "done" && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        record = await service.deps.store.get<{ state: string }>(key);
      }
      assert.equal(record?.state, "done", "replayed at start-up");
      const runKey = ["alerts", "run", "acme/app", Number(run.id)];
      while ((await service.deps.store.list(runKey)).length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const alerted = await service.deps.store.list(runKey);
      assert.equal(alerted.length, 1, "the run was handed to the alerts engine");
      // GitHub's redelivery of the same id is a duplicate now.
      const res = await service.app.request("/github/webhooks", {
        method: "POST",
        headers: {
          "x-github-event": delivery.event,
          "x-github-delivery": delivery.id,
          "x-hub-signature-256": await signBody("hook-secret", delivery.body),
        },
        body: delivery.body,
      });
      assert.deepEqual([res.status, await res.json()], [200, { status: "duplicate" }]);
    } finally {
      await service.close();
    }
  } finally {
    await capture.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
