/**
 * Environment → typed configuration. Every problem is collected and reported at once; a
 * surface whose secrets are absent is simply off.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "./errors.ts";
import { type GitHubConfig, githubConfig } from "./config_github.ts";
import { describeDatabaseUrl } from "./store/postgres_url.ts";
import { type LlmConfig, llmConfig } from "./config_llm.ts";

const optionalText = z.string().trim().min(1).optional();
const optionalUrl = z.string().trim().url().optional();

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  PUBLIC_URL: optionalUrl,
  GITHUB_TOKEN: optionalText,
  GITHUB_API_URL: z.string().trim().url().default("https://api.github.com"),
  GITHUB_URL: optionalUrl,
  GITHUB_APP_ID: z.string().trim().regex(/^\d+$/, "the App's numeric id").optional(),
  GITHUB_APP_PRIVATE_KEY: optionalText,
  GITHUB_CLIENT_ID: optionalText,
  GITHUB_CLIENT_SECRET: optionalText,
  SECRET_KEY: z.string().trim().min(32, "at least 32 characters").optional(),
  UNLINKED_ACCESS: z.enum(["public-read", "none"]).default("public-read"),
  GITHUB_WEBHOOK_SECRET: optionalText,
  /** JSON object: `owner/name` or `owner/*` → that repository's own webhook secret. */
  GITHUB_WEBHOOK_SECRETS: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: z.string().trim().startsWith("xox", "a Slack bot token starts with xoxb-")
    .optional(),
  SLACK_API_URL: optionalUrl,
  DISCORD_PUBLIC_KEY: z.string().trim().regex(/^[0-9a-fA-F]{64}$/, "64 hex characters").optional(),
  DISCORD_BOT_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: z.string().trim().regex(/^\d+$/, "a numeric snowflake").optional(),
  DISCORD_API_URL: optionalUrl,
  DISCORD_GATEWAY: z.enum(["on", "off"]).default("off"),
  COPILOT_AGENT: z.enum(["on", "off"]).default("off"),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).optional(),
  TEAMS_AUTH: z.enum(["emulator"]).optional(),
  MCP: z.enum(["on", "off"]).default("off"),
  MCP_API_KEY: optionalText,
  // The web console at `/` (src/console/): opt-in, and only with its own credential.
  CONSOLE: z.enum(["on", "off"]).default("off"),
  CONSOLE_TOKEN: z.string().trim().min(16, "at least 16 characters").optional(),
  // The optional model stage (src/config_llm.ts): all three or none.
  LLM_API_URL: optionalUrl,
  LLM_API_KEY: optionalText,
  LLM_MODEL: optionalText,
  KV_PATH: z.string().trim().min(1).default("./data/ci-orchestrator.kv"),
  DATABASE_URL: z.string().trim().regex(/^postgres(ql)?:\/\//, "a postgres:// URL").optional(),
  POLICY_FILE: optionalText,
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Report pages are bearer links: keep them briefly (whole days, at most a year).
  REPORT_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  // Per-caller limits (src/limits/): tokens a minute, burst, heavy requests running at once.
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(100_000).default(10),
  RATE_LIMIT_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000).default(3),
  // The durable queue behind the inbox (src/inbox/queue.ts): records running at once, and the
  // accepted-but-unfinished backlog past which acks answer "busy".
  INBOX_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(16),
  INBOX_BACKLOG_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(5_000),
});

/** The environment variables we read, exactly as named in ARCHITECTURE.md. */
export const ENV_NAMES = Object.keys(EnvSchema.shape) as Array<keyof typeof EnvSchema.shape>;

/** Raw, validated environment. */
export type Env = z.infer<typeof EnvSchema>;

/** A surface and whether it is on, with the reason when it is off. */
export interface SurfaceStatus {
  name: string;
  on: boolean;
  reason: string;
}

/** The typed configuration the service runs with. */
export interface Config {
  env: Env;
  port: number;
  /** Base URL used in links to report pages. */
  publicUrl: string;
  github: GitHubConfig;
  slack?: { signingSecret: string; botToken?: string; apiUrl?: string };
  discord?: {
    publicKey: string;
    applicationId: string;
    botToken?: string;
    apiUrl?: string;
    /** `!ci-test` over the gateway (DISCORD_GATEWAY=on, needs the bot token). */
    gateway: boolean;
  };
  teams?: {
    appId: string;
    appPassword?: string;
    tenantId?: string;
    appType?: string;
    auth: "botframework" | "emulator";
  };
  /** `POST /mcp`, mounted only with `MCP=on` or an `MCP_API_KEY`. */
  mcp?: {
    /** `MCP_API_KEY`: its callers act as `mcp-key:api-key`. */
    apiKey?: string;
    /** Callers may bring their own GitHub token (`MCP=on` only). */
    githubTokens: boolean;
  };
  /** The model stage for unclear requests (`LLM_*`), when configured. */
  llm?: LlmConfig;
  surfaces: SurfaceStatus[];
}

/**
 * Reads configuration from an environment record (pass `Deno.env.toObject()`).
 * Throws one `CiError("config")` listing every invalid variable.
 *
 * @example
 * ```ts
 * const config = loadConfig({ PORT: "9000" });
 * config.port; // 9000
 * config.surfaces.find((s) => s.name === "slack")?.on; // false
 * ```
 */
export function loadConfig(
  source: Record<string, string | undefined>,
  readFile: (path: string) => string = Deno.readTextFileSync,
): Config {
  const picked = Object.fromEntries(
    ENV_NAMES.map((name) => [name, source[name] === "" ? undefined : source[name]]),
  );
  const parsed = EnvSchema.safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // Secrets are never echoed back, even when malformed.
      const shown = /TOKEN|SECRET|PASSWORD|KEY|DATABASE_URL/.test(name)
        ? "(hidden)"
        : JSON.stringify(picked[name]);
      return `${name}: ${issue.message} (current value ${shown})`;
    });
    throw new CiError("config", `Invalid configuration:\n  - ${problems.join("\n  - ")}`, {
      hint:
        "Fix these environment variables and start again; see docs/configuration.md for the table.",
    });
  }
  const env = parsed.data;
  const port = env.PORT;
  const github = githubConfig(env, readFile);
  const llm = llmConfig(env);
  const problems = [...github.problems, ...llm.problems];
  if (problems.length > 0) {
    throw new CiError("config", `Invalid configuration:\n  - ${problems.join("\n  - ")}`, {
      hint:
        "Fix these environment variables and start again; see docs/configuration.md for the table.",
    });
  }
  const slack = env.SLACK_SIGNING_SECRET
    ? {
      signingSecret: env.SLACK_SIGNING_SECRET,
      botToken: env.SLACK_BOT_TOKEN,
      apiUrl: env.SLACK_API_URL,
    }
    : undefined;
  const teamsOn = Boolean(
    env.MICROSOFT_APP_ID && (env.MICROSOFT_APP_PASSWORD || env.TEAMS_AUTH === "emulator"),
  );
  const teams = teamsOn
    ? {
      appId: env.MICROSOFT_APP_ID!,
      appPassword: env.MICROSOFT_APP_PASSWORD,
      tenantId: env.MICROSOFT_APP_TENANT_ID,
      appType: env.MICROSOFT_APP_TYPE,
      auth: env.TEAMS_AUTH === "emulator" ? "emulator" as const : "botframework" as const,
    }
    : undefined;
  const discord = env.DISCORD_PUBLIC_KEY && env.DISCORD_APPLICATION_ID
    ? {
      publicKey: env.DISCORD_PUBLIC_KEY,
      applicationId: env.DISCORD_APPLICATION_ID,
      botToken: env.DISCORD_BOT_TOKEN,
      apiUrl: env.DISCORD_API_URL,
      gateway: env.DISCORD_GATEWAY === "on" && Boolean(env.DISCORD_BOT_TOKEN),
    }
    : undefined;
  // A shared key alone admits only the key: GitHub tokens (anyone's) need the explicit MCP=on.
  const mcp = env.MCP === "on" || env.MCP_API_KEY
    ? { apiKey: env.MCP_API_KEY, githubTokens: env.MCP === "on" }
    : undefined;
  return {
    env,
    port,
    teams,
    discord,
    mcp,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ""),
    github: github.config,
    slack,
    llm: llm.config,
    surfaces: [...surfaceStatus(env), llm.status],
  };
}

function surfaceStatus(env: Env): SurfaceStatus[] {
  const slackOn = Boolean(env.SLACK_SIGNING_SECRET);
  return [
    {
      name: "slack",
      on: slackOn,
      reason: slackOn
        ? (env.SLACK_BOT_TOKEN
          ? "slash commands and mentions"
          : "slash commands only (set SLACK_BOT_TOKEN to answer mentions)")
        : "set SLACK_SIGNING_SECRET to enable",
    },
    {
      name: "github",
      on: Boolean(env.GITHUB_TOKEN),
      reason: env.GITHUB_TOKEN
        ? `API at ${env.GITHUB_API_URL}`
        : "set GITHUB_TOKEN to read repositories (public repositories work unauthenticated at a low rate limit)",
    },
    {
      name: "github-app",
      on: Boolean(env.GITHUB_APP_ID && env.GITHUB_APP_PRIVATE_KEY),
      reason: env.GITHUB_APP_ID
        ? `App ${env.GITHUB_APP_ID}: installation tokens per repository owner`
        : "set GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY to run as a GitHub App (deno task github:app-manifest)",
    },
    {
      name: "accounts",
      on: Boolean(env.GITHUB_CLIENT_ID && env.SECRET_KEY),
      reason: env.GITHUB_CLIENT_ID && env.SECRET_KEY
        ? `login links GitHub accounts (device flow at ${
          env.GITHUB_URL ?? "GitHub"
        }); unlinked: ${env.UNLINKED_ACCESS}`
        : "set GITHUB_CLIENT_ID and SECRET_KEY so people act as their own GitHub account (login)",
    },
    {
      name: "github-webhooks",
      on: Boolean(env.GITHUB_WEBHOOK_SECRET || env.GITHUB_WEBHOOK_SECRETS),
      reason: env.GITHUB_WEBHOOK_SECRET || env.GITHUB_WEBHOOK_SECRETS
        ? "POST /github/webhooks wakes jobs when their runs change"
        : "set GITHUB_WEBHOOK_SECRET or GITHUB_WEBHOOK_SECRETS to enable (jobs poll without it)",
    },
    {
      name: "discord",
      on: Boolean(env.DISCORD_PUBLIC_KEY && env.DISCORD_APPLICATION_ID),
      reason: !(env.DISCORD_PUBLIC_KEY && env.DISCORD_APPLICATION_ID)
        ? "set DISCORD_PUBLIC_KEY and DISCORD_APPLICATION_ID to enable"
        : env.DISCORD_BOT_TOKEN
        ? "POST /discord/interactions; channel messages and alerts with the bot token"
        : "POST /discord/interactions only (set DISCORD_BOT_TOKEN for alerts and long jobs)",
    },
    {
      name: "discord-gateway",
      on: env.DISCORD_GATEWAY === "on" && Boolean(env.DISCORD_BOT_TOKEN),
      reason: env.DISCORD_GATEWAY !== "on"
        ? "set DISCORD_GATEWAY=on (and the Message Content intent) for !ci-test"
        : env.DISCORD_BOT_TOKEN
        ? "!ci-test over the gateway"
        : "DISCORD_GATEWAY=on needs DISCORD_BOT_TOKEN",
    },
    {
      name: "teams",
      on: Boolean(env.MICROSOFT_APP_ID && (env.MICROSOFT_APP_PASSWORD || env.TEAMS_AUTH)),
      reason: !env.MICROSOFT_APP_ID
        ? "set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to enable"
        : env.TEAMS_AUTH === "emulator"
        ? "TEAMS_AUTH=emulator: tokens are NOT validated — local testing only, never in production"
        : env.MICROSOFT_APP_PASSWORD
        ? "POST /api/messages, tokens validated against the Bot Framework"
        : "MICROSOFT_APP_PASSWORD is missing: Teams stays off",
    },
    {
      name: "copilot",
      on: env.COPILOT_AGENT === "on",
      reason: env.COPILOT_AGENT === "on"
        ? `POST /copilot, requests verified with GitHub's keys from ${env.GITHUB_API_URL}`
        : "set COPILOT_AGENT=on to serve the Copilot agent endpoint",
    },
    {
      name: "mcp",
      on: env.MCP === "on" || Boolean(env.MCP_API_KEY),
      reason: env.MCP === "on"
        ? (env.MCP_API_KEY
          ? "POST /mcp, bearer MCP_API_KEY or the caller's own GitHub token"
          : "POST /mcp, bearer: the caller's own GitHub token (set MCP_API_KEY for a shared key)")
        : env.MCP_API_KEY
        ? "POST /mcp, bearer MCP_API_KEY only (MCP=on also admits callers' GitHub tokens)"
        : "set MCP=on (callers' GitHub tokens) or MCP_API_KEY (a shared key) to enable",
    },
    {
      name: "console",
      on: env.CONSOLE === "on",
      reason: env.CONSOLE !== "on"
        ? "set CONSOLE=on and CONSOLE_TOKEN to serve the web console at /"
        : env.CONSOLE_TOKEN
        ? "GET / (HTTP Basic or bearer CONSOLE_TOKEN), acting as mcp-key:console"
        : "CONSOLE=on needs CONSOLE_TOKEN: the console refuses to start without it",
    },
    {
      name: "store",
      on: true,
      reason: env.DATABASE_URL
        ? `PostgreSQL at ${describeDatabaseUrl(env.DATABASE_URL)}; instances may share it`
        : `Deno KV at ${env.KV_PATH}`,
    },
  ];
}
