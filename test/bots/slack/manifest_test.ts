import assert from "node:assert/strict";
import { parse } from "yaml";
import { SLASH_COMMANDS } from "../../../bots/slack/handler.ts";

Deno.test("the app manifest registers exactly the handled commands, scopes and events", async () => {
  const text = await Deno.readTextFile(
    new URL("../../../bots/slack/manifest.yml", import.meta.url),
  );
  const m = parse(text);
  const url = "https://YOUR_HOST/slack/events";
  const commands = m.features.slash_commands as Array<
    { command: string; url: string; usage_hint: string }
  >;
  assert.deepEqual(new Set(commands.map((c) => c.command)), SLASH_COMMANDS);
  for (const c of commands) {
    assert.equal(c.url, url);
    assert.ok(c.usage_hint.length > 0);
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
});
