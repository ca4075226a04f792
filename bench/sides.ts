/**
 * The two sides of the Slack comparisons: our service as `deno task start` runs it, with every
 * surface configured, and the reference Bolt app under Node.
 *
 * @module
 */
import { baseEnv, type Server, startServer } from "./procs.ts";

/** The signing secret both sides verify with (the load generator signs with it too). */
export const SECRET = "bench-signing-secret-0123456789abcdef";

/** The GitHub webhook secret of our service (the webhook load generator signs with it). */
export const WEBHOOK_SECRET = "bench-webhook-secret";

/** Where the repository and its reference app live. */
export interface Paths {
  root: string;
  reference: string;
}

/**
 * Every surface on: Slack (signing secret, bot token), Teams (app id + password), Discord
 * (public key + application id + bot token), GitHub (token + webhook secret), MCP key. Outbound
 * URLs point at `sinkUrl` on loopback, so nothing leaves the machine.
 *
 * @example
 * ```ts
 * const env = serviceEnv(8000, "/tmp/kv", "http://127.0.0.1:9000");
 * ```
 */
export function serviceEnv(port: number, kvPath: string, sinkUrl: string): Record<string, string> {
  return {
    ...baseEnv(),
    PORT: String(port),
    KV_PATH: kvPath,
    LOG_LEVEL: "error",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: "xoxb-bench-token",
    SLACK_API_URL: `${sinkUrl}/slack/api/`,
    MICROSOFT_APP_ID: "00000000-0000-4000-8000-00000000beef",
    MICROSOFT_APP_PASSWORD: "bench-app-password",
    DISCORD_PUBLIC_KEY: "a".repeat(64),
    DISCORD_APPLICATION_ID: "123456789012345678",
    DISCORD_BOT_TOKEN: "bench-discord-token",
    DISCORD_API_URL: `${sinkUrl}/discord/api`,
    GITHUB_TOKEN: "ghs_benchTokenNeverUsed",
    GITHUB_API_URL: `${sinkUrl}/github`,
    GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
    MCP_API_KEY: "bench-mcp-key",
    // One bench client stands for a large team (the load spreads over 1,000 user ids), and the
    // per-user limiter is not what is measured: with the defaults (burst 10) it would refuse
    // nearly every command, and the figures would time error replies instead of commands.
    RATE_LIMIT_PER_MINUTE: "100000",
    RATE_LIMIT_BURST: "100000",
    // The queue's bounds pass through, so their effect can be measured (docs/performance.md).
    ...passThrough(["INBOX_BACKLOG_LIMIT", "INBOX_CONCURRENCY"]),
  };
}

function passThrough(names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = Deno.env.get(name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * Starts our service: `deno run -A src/main.ts`, ready when `/readyz` answers 200.
 *
 * @example
 * ```ts
 * const s = await startOurs(paths, 8000, "/tmp/kv", sink.url);
 * ```
 */
export function startOurs(
  paths: Paths,
  port: number,
  kvPath: string,
  sinkUrl: string,
): Promise<Server> {
  return startServer({
    cmd: Deno.execPath(),
    args: ["run", "-A", "src/main.ts"],
    env: serviceEnv(port, kvPath, sinkUrl),
    cwd: paths.root,
    port,
    readyPath: "/readyz",
  });
}

/**
 * Starts the reference: `node bench/reference/bolt_app.mjs`, ready when its `/readyz` custom
 * route answers 200 (Bolt's HTTPReceiver serves it once `app.start` has bound the port).
 *
 * @example
 * ```ts
 * const s = await startBolt(paths, 3000);
 * ```
 */
export function startBolt(paths: Paths, port: number): Promise<Server> {
  return startServer({
    cmd: "node",
    args: ["bolt_app.mjs"],
    env: { ...baseEnv(), PORT: String(port), SLACK_SIGNING_SECRET: SECRET },
    cwd: paths.reference,
    port,
    readyPath: "/readyz",
  });
}
