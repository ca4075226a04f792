import assert from "node:assert/strict";
import { parse } from "yaml";
import { SLASH_COMMANDS } from "../../../bots/slack/handler.ts";
import { manifestYaml, slackManifest } from "../../../bots/slack/manifest.ts";
import { SLASH_COMMANDS as TABLE } from "../../../src/intent/commands.ts";

const file = new URL("../../../bots/slack/manifest.yml", import.meta.url);

Deno.test("manifest.yml is the one generated from the command table (deno task slack:manifest)", async () => {
  assert.equal(await Deno.readTextFile(file), manifestYaml());
});

Deno.test("the app manifest registers exactly the handled commands, scopes and events", async () => {
  const m = parse(await Deno.readTextFile(file));
  const url = "https://YOUR_HOST/slack/events";
  const commands = m.features.slash_commands as Array<
    { command: string; url: string; usage_hint: string; description: string }
  >;
  assert.deepEqual(new Set(commands.map((c) => c.command)), SLASH_COMMANDS);
  assert.deepEqual(commands.map((c) => c.description), TABLE.map((c) => c.description));
  for (const c of commands) {
    assert.equal(c.url, url);
    assert.ok(c.usage_hint.length > 0 && c.usage_hint.length <= 1000);
    assert.ok(c.description.length <= 100);
  }
  assert.deepEqual(m.oauth_config.scopes.bot.sort(), [
    "app_mentions:read",
    "chat:write",
    "commands",
  ]);
  assert.equal(m.settings.event_subscriptions.request_url, url);
  assert.deepEqual(m.settings.event_subscriptions.bot_events, ["app_mention"]);
  assert.equal(m.settings.interactivity.request_url, url);
  assert.equal(m.settings.socket_mode_enabled, false);
  assert.equal(m.display_information.name, "ci-orchestrator");
  assert.equal(
    slackManifest("ci.example.com").settings.interactivity.request_url,
    "https://ci.example.com/slack/events",
  );
});
