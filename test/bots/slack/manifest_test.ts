/**
 * `deno task slack:manifest`: the manifest registers exactly the handled commands at
 * PUBLIC_URL; without PUBLIC_URL (or with a non-https one) the task exits 2 naming it; `--help`
 * needs no environment.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { SLASH_COMMANDS } from "../../../bots/slack/handler.ts";
import { runManifestTask } from "../../../bots/slack/manifest.ts";
import { SLASH_COMMANDS as TABLE } from "../../../src/intent/commands.ts";

function run(args: string[], env: { PUBLIC_URL?: string }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runManifestTask(args, env, (t) => out.push(t), (t) => err.push(t));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

Deno.test("slack manifest: exactly the handled commands, scopes and events, all at PUBLIC_URL", () => {
  const { code, out } = run([], { PUBLIC_URL: "https://abc-123.tunnel.example/ci/" });
  assert.equal(code, 0);
  assert.doesNotMatch(out, /YOUR_HOST/);
  const m = parse(out);
  const url = "https://abc-123.tunnel.example/ci/slack/events";
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
});

Deno.test("slack manifest: without PUBLIC_URL, or with one Slack cannot call, exit 2 naming it", () => {
  for (const env of [{}, { PUBLIC_URL: " " }]) {
    const { code, out, err } = run([], env);
    assert.equal(code, 2);
    assert.equal(out, "");
    assert.match(err, /PUBLIC_URL is not set/);
    assert.match(err, /Set PUBLIC_URL to/);
  }
  for (const value of ["http://localhost:8000", "ci.acme.example"]) {
    const bad = run([], { PUBLIC_URL: value });
    assert.equal(bad.code, 2);
    assert.equal(bad.out, "");
    assert.match(
      bad.err,
      new RegExp(`must be an https URL for Slack: current value is '${value}'`),
    );
  }
  const unknown = run(["--host", "x"], { PUBLIC_URL: "https://x.example" });
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /Unknown option: '--host'/);
});

Deno.test("slack manifest: the task as deno.json runs it — --help without env, refusal, URL used", async () => {
  const task = (args: string[], publicUrl: string) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-env=PUBLIC_URL", "bots/slack/manifest.ts", ...args],
      cwd: new URL("../../../", import.meta.url),
      env: { PUBLIC_URL: publicUrl },
      stdout: "piped",
      stderr: "piped",
    }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  const help = await task(["--help"], "");
  assert.equal(help.code, 0);
  assert.match(decode(help.stdout), /^Usage: PUBLIC_URL=https:\/\/HOST deno task slack:manifest/);
  const missing = await task([], "");
  assert.equal(missing.code, 2);
  assert.match(decode(missing.stderr), /PUBLIC_URL is not set/);
  const ok = await task([], "https://ci.acme.example");
  assert.equal(ok.code, 0);
  assert.equal(
    parse(decode(ok.stdout)).settings.interactivity.request_url,
    "https://ci.acme.example/slack/events",
  );
});
