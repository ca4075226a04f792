/**
 * Discord through the real service: a signed `/ci-test analyze` interaction → deferred reply
 * within Discord's 3 s → the original message edited with embeds of real findings computed from
 * the GitHub simulator's workflows; a bad signature → 401 and nothing runs.
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
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";

Deno.test("e2e discord: /ci-test analyze → deferred reply → embeds with real findings", async () => {
  await using github = await simWithApp();
  const discord = await startDiscordSim();
  const keys = await generateDiscordKeys();
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_BOT_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
  }, { log: memoryLogger(), github: { retryAfterBaseValue: 5 } });
  try {
    const body = JSON.stringify(
      slashInteraction({ subcommand: "analyze", options: { repo: "acme/app" } }),
    );
    const headers = await signInteraction(keys.privateKey, body, Math.floor(Date.now() / 1000));
    const started = performance.now();
    const res = await service.app.request("/discord/interactions", {
      method: "POST",
      headers,
      body,
    });
    const elapsed = performance.now() - started;
    assert.equal(res.status, 200);
    assert.equal((await res.json()).type, 5, "deferred channel message");
    assert.ok(elapsed < 3000, `answered in ${elapsed} ms`);

    const edit = await discord.waitFor(
      (c) =>
        c.method === "PATCH" && /@original$/.test(c.path) && /Analyze/.test(JSON.stringify(c.body)),
      15_000,
    );
    const shown = JSON.stringify(edit.body);
    assert.match(shown, /unpinned-action/, "a finding computed from ci.yml on the simulator");
    assert.match(shown, /ci\.yml/);
    assert.match(shown, /https:\/\/ci\.example\.test\/reports\/[A-Za-z0-9_-]{22}/);

    const forged = await service.app.request("/discord/interactions", {
      method: "POST",
      headers: await signInteraction(
        (await generateDiscordKeys()).privateKey,
        body,
        Math.floor(Date.now() / 1000),
      ),
      body,
    });
    assert.equal(forged.status, 401);
    await forged.body?.cancel();
    const listings = github.requests.filter((r) => r.path === "/repos/acme/app/actions/workflows");
    assert.equal(listings.length, 1, "the forged request ran nothing");
  } finally {
    await service.close();
    await discord.close();
  }
});

Deno.test("e2e discord: a channel subscribes; a failing run posts an alert there", async () => {
  await using github = await simWithApp();
  const discord = await startDiscordSim();
  const keys = await generateDiscordKeys();
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_BOT_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: "discord-hooks",
  }, { log: memoryLogger(), github: { retryAfterBaseValue: 5 }, alerts: { coalesceMs: 50 } });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    service.app.fetch,
  );
  github.setWebhook(`http://127.0.0.1:${server.addr.port}/github/webhooks`, "discord-hooks");
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
    assert.equal(res.status, 200);
    await res.text();
    await discord.waitFor(
      (c) => c.method === "PATCH" && /Subscribed/i.test(JSON.stringify(c.body)),
      10_000,
    );

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
    const shown = JSON.stringify(alert.body);
    assert.match(shown, /CI failed on main/);
    assert.match(shown, /pytest/);
  } finally {
    await github.webhooksIdle();
    await server.shutdown();
    await service.close();
    await discord.close();
  }
});
