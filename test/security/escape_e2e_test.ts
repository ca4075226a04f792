/**
 * Issue 12 item 6, end to end: a failing run whose job log closes the code block with ``` and
 * follows with a Slack link and a markdown link, whose job and step names carry mentions and
 * links, is alerted to a subscribed Slack (and Discord) channel by the real service. What the
 * simulator received has no link to evil.example and no mention, and the log stays in its code
 * block.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import {
  generateDiscordKeys,
  IDS,
  signInteraction,
  slashInteraction,
  startDiscordSim,
} from "../sim/discord.ts";
import { GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";
import { shown, startAlertsEnv } from "./alerts_fixtures.ts";
import { discordViolations, fencePieces, slackViolations } from "./escape_checks.ts";

const USER = "U0ESCAPER";
const CHANNEL = { id: "C0ESCAPES", name: "escapes" };
const POLICY = `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${USER}"]\n`;
const LOG = [
  "LOGSTART",
  "collected 3 items",
  "```",
  "<https://evil.example|Re-authenticate>",
  "[Re-authenticate](https://evil.example)",
  "<!channel> \u202Egnp.exe",
  "LOGEND",
].join("\n");

/** The failing job: hostile names, and the log above. */
const HOSTILE_RUN = () => ({
  queueMs: 1_000,
  jobs: [{
    name: "test [Re-authenticate](https://evil.example) <!here> @everyone <@80351110224678912>",
    durationMs: 60_000,
    conclusion: "failure" as const,
    steps: [{ name: "pytest <https://evil.example|Sign in>", conclusion: "failure" as const }],
    log: LOG,
  }],
});

Deno.test("e2e: a log line of ``` then links cannot leave the Slack alert's code block", async () => {
  await using env = await startAlertsEnv(POLICY);
  const subscribed = await env.command("subscribe repo:acme/app on:failure", CHANNEL, USER);
  assert.match(shown(subscribed), /Subscribed: acme\/app alerts in #escapes/);
  env.github.state.script("acme/app", "ci.yml", HOSTILE_RUN);

  const runId = env.run("acme/app");
  const alert = await env.slack.waitFor(
    (c) =>
      c.method === "chat.postMessage" && c.body.channel === CHANNEL.id &&
      shown(c).includes(`Run ${runId} `),
    15_000,
  );
  await env.settle(runId);

  const texts: string[] = [String(alert.body.text ?? "")];
  JSON.stringify(alert.body.blocks, (_k, v) => {
    if (v && typeof v === "object" && v.type === "mrkdwn") texts.push(v.text);
    return v;
  });
  const allowed = new Set(
    [...JSON.stringify(alert.body.blocks).matchAll(/<(https?:\/\/[^|>]+)\|/g)]
      .map((m) => m[1])
      .filter((url) => !url.includes("evil.example")),
  );
  const found = texts.flatMap((t) => slackViolations("slack", t, allowed));
  assert.deepEqual(found.map((v) => v.what), []);
  assert.doesNotMatch(shown(alert), /<https:\/\/evil\.example/);
  assert.doesNotMatch(shown(alert), /<!(channel|here)>/);

  const log = texts.find((t) => t.includes("LOGSTART"));
  assert.ok(log, "the alert shows the log excerpt");
  const piece = fencePieces(log).find((p) => p.text.includes("LOGSTART"))!;
  assert.ok(piece.inside, "the excerpt is in a code block");
  assert.match(piece.text, /LOGEND/, "the ``` log line did not close the block");
  assert.match(piece.text, /&lt;https:\/\/evil\.example\|Re-authenticate&gt;/);
});

Deno.test("e2e: the same run alerted to Discord has no link, no mention, and mentions off", async () => {
  await using github = await simWithApp();
  const discord = await startDiscordSim();
  const keys = await generateDiscordKeys();
  const dir = await Deno.makeTempDir();
  const policy = `${dir}/policy.yml`;
  await Deno.writeTextFile(
    policy,
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["discord:${IDS.user}"]\n`,
  );
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    POLICY_FILE: policy,
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_BOT_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: "escape-hooks",
  }, { log: memoryLogger(), github: { retryAfterBaseValue: 5 }, alerts: { coalesceMs: 50 } });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, service.app.fetch);
  github.setWebhook(`http://127.0.0.1:${server.addr.port}/github/webhooks`, "escape-hooks");
  try {
    const body = JSON.stringify(slashInteraction({
      subcommand: "subscribe",
      options: { repo: "acme/app", on: "failure" },
    }));
    const headers = await signInteraction(keys.privateKey, body, Math.floor(Date.now() / 1000));
    const res = await service.app.request("/discord/interactions", {
      method: "POST",
      headers,
      body,
    });
    await res.text();
    assert.equal(res.status, 200);
    await discord.waitFor(
      (c) => c.method === "PATCH" && /Subscribed/i.test(JSON.stringify(c.body)),
      10_000,
    );
    github.state.script("acme/app", "ci.yml", HOSTILE_RUN);
    const repo = github.state.repo("acme/app")!;
    const run = github.state.dispatch(repo, github.state.findWorkflow(repo, "ci.yml")!, {
      ref: "main",
      inputs: { "python-version": "3.12" },
    });
    if (typeof run === "string") throw new Error(run);
    const alert = await discord.waitFor(
      (c) => c.method === "POST" && c.path === `/channels/${IDS.channel}/messages`,
      20_000,
    );
    const message = alert.body as {
      content: string;
      allowed_mentions?: { parse: string[] };
      embeds: {
        title?: string;
        description?: string;
        fields?: { name: string; value: string }[];
      }[];
    };
    assert.deepEqual(message.allowed_mentions?.parse, []);
    const texts = [
      message.content,
      ...message.embeds.flatMap((e) => [
        e.title ?? "",
        e.description ?? "",
        ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      ]),
    ];
    const allowed = new Set(
      [...JSON.stringify(message).matchAll(/\]\((https?:\/\/[^)]+)\)/g)].map((m) => m[1])
        .filter((url) => !url.includes("evil.example")),
    );
    const found = texts.flatMap((t) => discordViolations("discord", t, allowed));
    assert.deepEqual(found.map((v) => v.what), []);
    const log = texts.find((t) => t.includes("LOGSTART"));
    assert.ok(log, "the alert shows the log excerpt");
    const piece = fencePieces(log).find((p) => p.text.includes("LOGSTART"))!;
    assert.ok(piece.inside && piece.text.includes("LOGEND"), "the ``` log line did not close it");
  } finally {
    await github.webhooksIdle();
    await server.shutdown();
    await service.close();
    await discord.close();
    await Deno.remove(dir, { recursive: true });
  }
});
