/**
 * The whole service from `boot()` with every inbound route on (Slack, Discord, Teams, GitHub
 * webhooks) against the simulators, plus a second app over the same dependencies whose
 * `execute` and `alerts.accept` are counted. Everything an operation could do leaves a trace
 * in `effects()`: a pipeline call, an alert accepted, a GitHub API request, or a call to a
 * chat platform.
 *
 * @module
 */
import type { Hono } from "hono";
import { boot, type Service } from "../../src/boot.ts";
import type { Execute } from "../../src/surface.ts";
import type { LogFields, Logger } from "../../src/log.ts";
import { createApp } from "../../src/server.ts";
import { type BotConnectorSim, startBotConnectorSim } from "../sim/botconnector.ts";
import { type DiscordSim, generateDiscordKeys, IDS, startDiscordSim } from "../sim/discord.ts";
import type { GitHubSim } from "../sim/github.ts";
import { type SlackSim, startSlackSim } from "../sim/slack.ts";
import { GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";

export const SLACK_SECRET = "fuzz-slack-signing-secret";
export const HOOK_SECRET = "fuzz-webhook-secret";

/** A logger that keeps nothing but counts lines by level (10,000 requests log a lot). */
export function countingLogger(counts: Record<string, number> = {}): Logger & {
  counts: Record<string, number>;
  errors: Array<{ msg: string } & LogFields>;
} {
  const errors: Array<{ msg: string } & LogFields> = [];
  const emit = (level: string) => (msg: string, fields?: LogFields) => {
    counts[level] = (counts[level] ?? 0) + 1;
    if (level === "error" && errors.length < 20) errors.push({ msg, ...fields });
  };
  const self = {
    counts,
    errors,
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: () => self,
  };
  return self;
}

/** The booted service, its simulators and the side-effect counters. */
export interface FuzzEnv {
  /** The counted app: send requests here. */
  app: Hono;
  service: Service;
  github: GitHubSim;
  slack: SlackSim;
  discord: DiscordSim;
  connector: BotConnectorSim;
  discordKey: CryptoKey;
  log: ReturnType<typeof countingLogger>;
  executed: Array<{ op: string; surface: string }>;
  alertsAccepted: number;
  /** Every observable side effect so far. */
  effects(): number;
  /** The side effects, for failure messages. */
  describe(): string;
  /** `GET /user` calls made to check a caller's GitHub token (`/mcp`). */
  identityChecks(): number;
  /** Waits until background work settles and no new effect shows for a moment. */
  settle(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Boots the service and the simulators.
 *
 * @example
 * ```ts
 * await using env = await startFuzzEnv();
 * ```
 */
export async function startFuzzEnv(): Promise<FuzzEnv> {
  const github = await simWithApp();
  const slack = await startSlackSim();
  const discord = await startDiscordSim();
  const connector = await startBotConnectorSim();
  const keys = await generateDiscordKeys();
  const log = countingLogger();
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_BOT_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.apiUrl,
    MICROSOFT_APP_ID: connector.appId,
    MICROSOFT_APP_PASSWORD: connector.appPassword,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: HOOK_SECRET,
    MCP_API_KEY: "fuzz-mcp-key-never-sent",
  }, {
    log,
    github: { retryAfterBaseValue: 5 },
    maxJobWaitMs: 200,
    teams: { openIdMetadataUrl: connector.openIdMetadataUrl, loginUrl: connector.loginUrl },
  });
  const executed: FuzzEnv["executed"] = [];
  const execute: Execute = (intent, meta, reply) => {
    executed.push({ op: intent.op, surface: meta.surface });
    return service.deps.execute(intent, meta, reply);
  };
  const counters = { alertsAccepted: 0 };
  const alerts = {
    ...service.deps.alerts,
    accept: (...args: Parameters<typeof service.deps.alerts.accept>) => {
      counters.alertsAccepted++;
      return service.deps.alerts.accept(...args);
    },
  };
  const app = createApp({
    ...service.deps,
    execute,
    alerts,
    deliverers: service.deps.deliverers,
    notifiers: service.deps.notifiers,
  });
  // `/mcp` checks a caller's GitHub token with `GET /user` (the caller's credentials, not
  // ours): an identity check, counted apart from operations.
  const isIdentityCheck = (r: { method: string; path: string }) =>
    r.method === "GET" && r.path === "/user";
  const effects = () =>
    executed.length + counters.alertsAccepted +
    github.requests.filter((r) => !isIdentityCheck(r)).length + slack.calls.length +
    discord.calls.length + connector.calls.length;
  return {
    app,
    service,
    github,
    slack,
    discord,
    connector,
    discordKey: keys.privateKey,
    log,
    executed,
    get alertsAccepted() {
      return counters.alertsAccepted;
    },
    effects,
    describe: () =>
      JSON.stringify({
        executed,
        alerts: counters.alertsAccepted,
        github: github.requests.filter((r) => !isIdentityCheck(r)).map((r) =>
          `${r.method} ${r.path}`
        ).slice(-5),
        slack: slack.calls.map((c) => c.method).slice(-5),
        discord: discord.calls.map((c) => `${c.method} ${c.path}`).slice(-5),
        teams: connector.calls.map((c) => c.kind).slice(-5),
      }),
    identityChecks: () => github.requests.filter(isIdentityCheck).length,
    async settle() {
      let last = -1;
      while (last !== effects()) {
        last = effects();
        await service.deps.background.drain();
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    async [Symbol.asyncDispose]() {
      await service.close();
      await connector.close();
      await discord.close();
      await slack.close();
      await github.close();
    },
  };
}
