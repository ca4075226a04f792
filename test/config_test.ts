import assert from "node:assert/strict";
import { ENV_NAMES, loadConfig } from "../src/config.ts";
import { CiError } from "../src/errors.ts";

Deno.test("config: empty environment runs on defaults with every surface off", () => {
  const config = loadConfig({});
  assert.equal(config.port, 8000);
  assert.equal(config.publicUrl, "http://localhost:8000");
  assert.equal(config.github.apiUrl, "https://api.github.com");
  assert.equal(config.env.KV_PATH, "./data/ci-orchestrator.kv");
  assert.equal(config.slack, undefined);
  const slack = config.surfaces.find((s) => s.name === "slack")!;
  assert.equal(slack.on, false);
  assert.match(slack.reason, /SLACK_SIGNING_SECRET/);
});

Deno.test("config: Slack turns on with its signing secret; trailing slashes are trimmed", () => {
  const config = loadConfig({
    SLACK_SIGNING_SECRET: "s3cret",
    SLACK_BOT_TOKEN: "xoxb-1",
    PUBLIC_URL: "https://ci.example.com/",
    GITHUB_API_URL: "https://ghe.example.com/api/v3/",
  });
  assert.deepEqual(config.slack, {
    signingSecret: "s3cret",
    botToken: "xoxb-1",
    apiUrl: undefined,
  });
  assert.equal(config.publicUrl, "https://ci.example.com");
  assert.equal(config.github.apiUrl, "https://ghe.example.com/api/v3");
  assert.equal(config.surfaces.find((s) => s.name === "slack")!.on, true);
});

Deno.test("config: every invalid variable is listed at once, secrets hidden", () => {
  let error: unknown;
  try {
    loadConfig({ PORT: "eighty", LOG_LEVEL: "loud", SLACK_BOT_TOKEN: "not-a-token-zz9" });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof CiError);
  assert.equal(error.code, "config");
  assert.match(error.message, /PORT: .*"eighty"/);
  assert.match(error.message, /LOG_LEVEL: .*"loud"/);
  assert.match(error.message, /SLACK_BOT_TOKEN: .*\(hidden\)/);
  assert.doesNotMatch(error.message, /not-a-token-zz9/);
});

Deno.test("config: DATABASE_URL selects PostgreSQL, and the password never shows", () => {
  const config = loadConfig({ DATABASE_URL: "postgres://u:pw@db:5432/ci?schema=x" });
  const store = config.surfaces.find((s) => s.name === "store")!;
  assert.match(store.reason, /^PostgreSQL at db:5432\/ci \(schema x\)/);
  assert.doesNotMatch(store.reason, /pw/);
});

Deno.test("config: reads exactly the documented variable names", async () => {
  const architecture = await Deno.readTextFile(
    new URL("../../shared/ARCHITECTURE.md", import.meta.url),
  ).catch(() => null);
  // The full table lives in docs/configuration.md (the README shows the main rows and links it).
  const doc = await Deno.readTextFile(new URL("../docs/configuration.md", import.meta.url));
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  assert.ok(readme.includes("(docs/configuration.md)"), "README links docs/configuration.md");
  const rows = [...doc.matchAll(/^\| `([A-Z][A-Z0-9_]*)` +\|/gm)].map((m) => m[1]);
  assert.deepEqual([...rows].sort(), [...ENV_NAMES].sort(), "one table row per variable read");
  const readmeNames = [...readme.matchAll(/`([A-Z][A-Z0-9_]{2,})`/g)].map((m) => m[1]);
  const unknown = readmeNames.filter((n) => /_/.test(n) && !(ENV_NAMES as string[]).includes(n));
  assert.deepEqual(unknown, [], "README names only variables the service reads");
  for (const name of ENV_NAMES) {
    // Ours, not yet in the shared map: COPILOT_AGENT (no secret switches the agent on), and the
    // local choices of report lifetime, per-repository webhook secrets, per-caller limits and
    // what unlinked people may do.
    const ours = [
      "COPILOT_AGENT",
      "REPORT_TTL_DAYS",
      "GITHUB_WEBHOOK_SECRETS",
      "RATE_LIMIT_PER_MINUTE",
      "RATE_LIMIT_BURST",
      "RATE_LIMIT_IN_FLIGHT",
      "INBOX_CONCURRENCY",
      "INBOX_BACKLOG_LIMIT",
      "UNLINKED_ACCESS",
      "CONSOLE",
      "CONSOLE_TOKEN",
    ];
    if (architecture && !ours.includes(name)) {
      assert.ok(architecture.includes(`\`${name}\``), `ARCHITECTURE names ${name}`);
    }
  }
});

Deno.test("config: Teams needs an app id and a password, or the explicit emulator mode", () => {
  const off = loadConfig({ MICROSOFT_APP_ID: "00000000-0000-0000-0000-000000000001" });
  assert.equal(off.teams, undefined);
  assert.match(off.surfaces.find((s) => s.name === "teams")!.reason, /MICROSOFT_APP_PASSWORD/);
  const on = loadConfig({
    MICROSOFT_APP_ID: "00000000-0000-0000-0000-000000000001",
    MICROSOFT_APP_PASSWORD: "pw",
    MICROSOFT_APP_TYPE: "SingleTenant",
    MICROSOFT_APP_TENANT_ID: "tenant",
  });
  assert.deepEqual(on.teams, {
    appId: "00000000-0000-0000-0000-000000000001",
    appPassword: "pw",
    tenantId: "tenant",
    appType: "SingleTenant",
    auth: "botframework",
  });
  const emulator = loadConfig({ MICROSOFT_APP_ID: "x", TEAMS_AUTH: "emulator" });
  assert.equal(emulator.teams?.auth, "emulator");
  assert.match(emulator.surfaces.find((s) => s.name === "teams")!.reason, /NOT validated/);
});

Deno.test("config: Discord needs its public key and application id; the gateway also the token", () => {
  const key = "a".repeat(64);
  assert.equal(loadConfig({ DISCORD_PUBLIC_KEY: key }).discord, undefined);
  const http = loadConfig({ DISCORD_PUBLIC_KEY: key, DISCORD_APPLICATION_ID: "123" });
  assert.deepEqual(http.discord, {
    publicKey: key,
    applicationId: "123",
    botToken: undefined,
    apiUrl: undefined,
    gateway: false,
  });
  const gateway = loadConfig({
    DISCORD_PUBLIC_KEY: key,
    DISCORD_APPLICATION_ID: "123",
    DISCORD_GATEWAY: "on",
  });
  assert.equal(gateway.discord?.gateway, false, "no token, no gateway");
  assert.match(gateway.surfaces.find((s) => s.name === "discord-gateway")!.reason, /BOT_TOKEN/);
  assert.throws(() => loadConfig({ DISCORD_PUBLIC_KEY: "nothex" }), /DISCORD_PUBLIC_KEY/);
});

Deno.test("config: MCP is off unless MCP=on or a key; a key alone admits no GitHub tokens", () => {
  const off = loadConfig({});
  assert.equal(off.mcp, undefined);
  assert.equal(off.surfaces.find((s) => s.name === "mcp")?.on, false);
  assert.match(off.surfaces.find((s) => s.name === "mcp")!.reason, /MCP=on/);
  assert.deepEqual(loadConfig({ MCP_API_KEY: "k" }).mcp, { apiKey: "k", githubTokens: false });
  assert.deepEqual(loadConfig({ MCP: "on" }).mcp, { apiKey: undefined, githubTokens: true });
  const both = loadConfig({ MCP: "on", MCP_API_KEY: "k" });
  assert.deepEqual(both.mcp, { apiKey: "k", githubTokens: true });
  assert.doesNotMatch(JSON.stringify(both.surfaces), /"k"/);
  assert.throws(() => loadConfig({ MCP: "yes" }), /MCP: /);
});

Deno.test("config: GitHub's web base follows the API (github.com, GHES) unless GITHUB_URL says", () => {
  assert.equal(loadConfig({}).github.webUrl, "https://github.com");
  const ghes = loadConfig({ GITHUB_API_URL: "https://ghe.acme.test/api/v3" });
  assert.equal(ghes.github.webUrl, "https://ghe.acme.test");
  const own = loadConfig({
    GITHUB_API_URL: "https://ghe.acme.test/api/v3",
    GITHUB_URL: "https://login.acme.test/",
  });
  assert.equal(own.github.webUrl, "https://login.acme.test");
});

Deno.test("config: the App key is PEM text (with \\n escapes) or a file; a bad one stops start-up unshown", () => {
  const pem = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----";
  const inline = loadConfig({
    GITHUB_APP_ID: "42",
    GITHUB_APP_PRIVATE_KEY: pem.replace(/\n/g, "\\n"),
  });
  assert.equal(inline.github.app?.privateKey, pem);
  const files: Record<string, string> = { "/keys/app.pem": pem };
  const read = (path: string) => {
    if (!(path in files)) throw new Deno.errors.NotFound(path);
    return files[path];
  };
  const fromFile = loadConfig(
    { GITHUB_APP_ID: "42", GITHUB_APP_PRIVATE_KEY: "/keys/app.pem" },
    read,
  );
  assert.equal(fromFile.github.app?.privateKey, pem);
  assert.throws(
    () => loadConfig({ GITHUB_APP_ID: "42", GITHUB_APP_PRIVATE_KEY: "/keys/missing.pem" }, read),
    (e: Error) =>
      /neither a PEM private key nor a readable file/.test(e.message) &&
      !e.message.includes("missing.pem"),
  );
  assert.throws(() => loadConfig({ GITHUB_APP_ID: "42" }), /go together/);
});

Deno.test("config: account linking refuses to start without SECRET_KEY, and names it", () => {
  assert.throws(
    () => loadConfig({ GITHUB_CLIENT_ID: "Iv1.x" }),
    /GITHUB_CLIENT_ID needs SECRET_KEY/,
  );
  assert.throws(
    () => loadConfig({ GITHUB_CLIENT_ID: "Iv1.x", SECRET_KEY: "short" }),
    /SECRET_KEY: at least 32 characters \(current value \(hidden\)\)/,
  );
  const on = loadConfig({ GITHUB_CLIENT_ID: "Iv1.x", SECRET_KEY: "k".repeat(32) });
  assert.equal(on.github.accounts?.unlinked, "public-read");
  assert.equal(on.surfaces.find((s) => s.name === "accounts")?.on, true);
});
