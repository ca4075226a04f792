/**
 * `deno task slack:manifest`: prints the Slack app manifest for the service at `PUBLIC_URL`,
 * generated from the same command table the parser uses, so the registered commands, their
 * descriptions and usage hints never drift from what we accept. Paste it at
 * https://api.slack.com/apps → Create New App → From an app manifest (see `docs/slack.md`).
 *
 * @module
 */
import { stringify } from "yaml";
import { SLASH_COMMANDS } from "../../src/intent/commands.ts";
import { refuseWithoutPublicUrl } from "../../src/setup_task.ts";
import { CiError } from "../../src/errors.ts";

const USAGE = `Usage: PUBLIC_URL=https://HOST deno task slack:manifest

Prints the Slack app manifest (YAML) for this service. Needs PUBLIC_URL, the public https base of
the service (for a laptop, a tunnel's URL): Slack sends commands, mentions and button clicks to
PUBLIC_URL/slack/events.

  --help   this text

Then at https://api.slack.com/apps: Create New App → From an app manifest → paste it; install the
app and set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (docs/slack.md).
`;

/**
 * The public base without trailing slashes; throws `CiError("config")` unless it is an https URL
 * (Slack calls nothing else).
 *
 * @example
 * ```ts
 * slackBase("https://ci.acme.example/"); // "https://ci.acme.example"
 * ```
 */
export function slackBase(publicUrl: string): string {
  const url = URL.canParse(publicUrl.trim()) ? new URL(publicUrl.trim()) : undefined;
  if (url?.protocol !== "https:") {
    throw new CiError(
      "config",
      `PUBLIC_URL must be an https URL for Slack: current value is '${publicUrl}'`,
      { hint: "Set PUBLIC_URL to the service's public https base, e.g. a tunnel's https URL." },
    );
  }
  return url.href.replace(/\/+$/, "");
}

/**
 * The manifest as an object, with every request URL at `base` + `/slack/events`.
 *
 * @example
 * ```ts
 * slackManifest("https://ci.acme.example").features.slash_commands[0].command; // "/ci-test"
 * ```
 */
export function slackManifest(base: string) {
  const url = `${base}/slack/events`;
  return {
    display_information: {
      name: "ci-orchestrator",
      description: "Drive GitHub Actions from Slack: test, compare, migrate, analyze, optimize.",
      background_color: "#1f2937",
    },
    features: {
      bot_user: { display_name: "ci-orchestrator", always_online: true },
      slash_commands: SLASH_COMMANDS.map((c) => ({
        command: c.command,
        url,
        description: c.description,
        usage_hint: c.usageHint,
        should_escape: false,
      })),
    },
    oauth_config: { scopes: { bot: ["commands", "chat:write", "app_mentions:read"] } },
    settings: {
      event_subscriptions: { request_url: url, bot_events: ["app_mention"] },
      interactivity: { is_enabled: true, request_url: url },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}

/**
 * The manifest's text for the service at `publicUrl`.
 *
 * @example
 * ```ts
 * manifestYaml("https://ci.acme.example").includes("https://ci.acme.example/slack/events"); // true
 * ```
 */
export function manifestYaml(publicUrl: string): string {
  const base = slackBase(publicUrl);
  return `# Slack app manifest for ci-orchestrator at ${base} (deno task slack:manifest)\n` +
    stringify(slackManifest(base), { lineWidth: 0 });
}

/**
 * Runs the task: prints the manifest or the usage; returns the exit code (2 for a usage or
 * configuration error, with what to set on `err`).
 *
 * @example
 * ```ts
 * runManifestTask([], { PUBLIC_URL: "https://ci.acme.example" }, console.log, console.error); // 0
 * ```
 */
export function runManifestTask(
  args: string[],
  env: { PUBLIC_URL?: string },
  out: (text: string) => void,
  err: (text: string) => void,
): number {
  if (args.some((a) => a === "--help" || a === "-h")) {
    out(USAGE);
    return 0;
  }
  if (args.length > 0) {
    err(`Unknown option: '${args[0]}'`);
    err(USAGE);
    return 2;
  }
  const publicUrl = env.PUBLIC_URL?.trim();
  if (!publicUrl) return refuseWithoutPublicUrl("the Slack app manifest", err);
  try {
    out(manifestYaml(publicUrl));
    return 0;
  } catch (error) {
    if (!(error instanceof CiError)) throw error;
    err(error.message);
    if (error.hint) err(error.hint);
    return 2;
  }
}

if (import.meta.main) {
  const help = Deno.args.some((a) => a === "--help" || a === "-h");
  Deno.exit(
    runManifestTask(
      Deno.args,
      // --help must work without the env permission; ask only when it is needed.
      help ? {} : { PUBLIC_URL: Deno.env.get("PUBLIC_URL") },
      (t) => console.log(t.replace(/\n$/, "")),
      console.error,
    ),
  );
}
