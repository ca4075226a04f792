/**
 * The whole service with every surface on (Slack, Discord, Teams, Copilot, MCP, GitHub
 * webhooks), each against its simulator, logging through the production JSON logger at debug
 * level into memory; and the list of every secret and token those surfaces use, to scan each
 * logged line for.
 *
 * @module
 */
import { boot, type Service } from "../../src/boot.ts";
import { jsonLogger } from "../../src/log.ts";
import { type BotConnectorSim, startBotConnectorSim } from "../sim/botconnector.ts";
import { type CopilotSim, startCopilotSim } from "../sim/copilot.ts";
import {
  type DiscordSim,
  generateDiscordKeys,
  IDS,
  signInteraction,
  slashInteraction,
  startDiscordSim,
} from "../sim/discord.ts";
import type { GitHubSim } from "../sim/github.ts";
import { type SlackSim, startSlackSim } from "../sim/slack.ts";
import { GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";

/** Secrets of the environment (the simulators add their own tokens). */
export const SECRETS = {
  slackSigningSecret: "slk-signing-8c1f4e2a9b7d6c5e",
  webhookSecret: "gh-hook-secret-5d3a1b9c7e",
  mcpApiKey: "mcp-key-2f8e6d4c1a9b7e5d",
  copilotUserToken: "gho_octocat_token",
  discordInteractionToken:
    "aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMTpTZWNyZXRUb2tlbkZvclRoZUxvZ1NjYW4",
} as const;

/** Entra object id of the Teams user the policy grants (the simulator's default is not one). */
export const TEAMS_USER = "6b1c2d3e-0000-4000-8000-000000000001";

/** A JWT anywhere in a line: header and payload are base64url JSON objects. */
export const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/;

/** Everything a log-scan test drives. */
export interface AllSurfaces extends AsyncDisposable {
  service: Service;
  /** Base URL of the service over HTTP on 127.0.0.1. */
  base: string;
  github: GitHubSim;
  slack: SlackSim;
  discord: DiscordSim;
  discordKey: CryptoKey;
  connector: BotConnectorSim;
  copilot: CopilotSim;
  /** Every line the service logged, as written. */
  lines: string[];
  /** Secret values to look for; tests add the ones they create (JWTs, response_url ids). */
  secrets: Map<string, string>;
  /** The lines containing a secret, with the secret's name (never its value). */
  leaks(): string[];
}

/**
 * Boots the service with every surface on. Slack, Discord and Teams ({@linkcode TEAMS_USER})
 * users are operators of acme/*.
 *
 * @example
 * ```ts
 * await using env = await startAllSurfaces();
 * // drive surfaces …
 * assert.deepEqual(env.leaks(), []);
 * ```
 */
export async function startAllSurfaces(): Promise<AllSurfaces> {
  const github = await simWithApp({ timeScale: 600 });
  const slack = await startSlackSim();
  const discord = await startDiscordSim();
  const connector = await startBotConnectorSim();
  const copilot = startCopilotSim();
  const keys = await generateDiscordKeys();
  // One GitHub API base: Copilot's keys and users from its simulator, the rest from GitHub's.
  const front = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const url = new URL(request.url);
    const toCopilot = url.pathname.startsWith("/meta/") || url.pathname === "/user";
    const target = toCopilot ? copilot.url : github.url;
    return fetch(new URL(url.pathname + url.search, target.endsWith("/") ? target : target + "/"), {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
    });
  });
  const dir = await Deno.makeTempDir();
  const policyFile = `${dir}/policy.yml`;
  await Deno.writeTextFile(
    policyFile,
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n` +
      `    users: ["slack:U2147483697", "discord:${IDS.user}", "teams:${TEAMS_USER}"]\n`,
  );
  const lines: string[] = [];
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    LOG_LEVEL: "debug",
    POLICY_FILE: policyFile,
    GITHUB_TOKEN,
    GITHUB_API_URL: `http://127.0.0.1:${front.addr.port}`,
    GITHUB_WEBHOOK_SECRET: SECRETS.webhookSecret,
    SLACK_SIGNING_SECRET: SECRETS.slackSigningSecret,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_BOT_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.apiUrl,
    MICROSOFT_APP_ID: connector.appId,
    MICROSOFT_APP_PASSWORD: connector.appPassword,
    COPILOT_AGENT: "on",
    MCP: "on",
    MCP_API_KEY: SECRETS.mcpApiKey,
  }, {
    log: jsonLogger({ level: "debug", write: (line) => lines.push(line) }),
    github: { retryAfterBaseValue: 5 },
    maxJobWaitMs: 200,
    alerts: { backoffMs: () => 20, coalesceMs: 50 },
    teams: { openIdMetadataUrl: connector.openIdMetadataUrl, loginUrl: connector.loginUrl },
  });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, service.app.fetch);
  const base = `http://127.0.0.1:${server.addr.port}`;
  github.setWebhook(`${base}/github/webhooks`, SECRETS.webhookSecret);

  const secrets = new Map<string, string>([
    ...Object.entries(SECRETS),
    ["githubToken", GITHUB_TOKEN],
    ["slackBotToken", slack.token],
    ["discordBotToken", discord.botToken],
    ["discordPublicKey", keys.publicKeyHex],
    ["teamsAppPassword", connector.appPassword],
  ]);
  return {
    service,
    base,
    github,
    slack,
    discord,
    discordKey: keys.privateKey,
    connector,
    copilot,
    lines,
    secrets,
    leaks() {
      const found: string[] = [];
      for (const line of lines) {
        for (const [name, value] of secrets) {
          if (line.includes(value)) {
            found.push(`${name} in: ${line.replaceAll(value, "<" + name + ">")}`);
          }
        }
        if (JWT_SHAPE.test(line)) found.push(`a JWT in: ${line}`);
      }
      return found;
    },
    async [Symbol.asyncDispose]() {
      await github.webhooksIdle();
      await server.shutdown();
      await service.close();
      await front.shutdown();
      await github.close();
      await slack.close();
      await discord.close();
      await connector.close();
      await copilot.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

// Interaction ids must differ: the service de-duplicates interactions by id.
let interactions = 100;

/**
 * Sends a signed `/ci-test <subcommand>` interaction carrying `token`, which becomes a secret
 * to scan for; resolves with the HTTP status.
 *
 * @example
 * ```ts
 * await discordCommand(env, "analyze", { repo: "acme/app" }, "aW50ZXJhY3Rpb24…");
 * ```
 */
export async function discordCommand(
  env: AllSurfaces,
  subcommand: string,
  options: Record<string, string>,
  token: string,
) {
  env.secrets.set(`interaction token ${token.slice(0, 6)}`, token);
  const body = JSON.stringify(slashInteraction({
    subcommand,
    options,
    token,
    id: String(1300000000000000000n + BigInt(++interactions)),
  }));
  const res = await fetch(`${env.base}/discord/interactions`, {
    method: "POST",
    headers: await signInteraction(env.discordKey, body, Math.floor(Date.now() / 1000)),
    body,
  });
  await res.body?.cancel();
  return res.status;
}
