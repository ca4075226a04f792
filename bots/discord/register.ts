/**
 * `deno task discord:register [--guild ID]`: registers or updates the `/ci-test` command from
 * the core command table, globally (`PUT /applications/{app}/commands`, bulk overwrite; up to an
 * hour to show everywhere) or for one guild (instant, for testing). Idempotent: the current
 * commands are read first and the PUT is skipped when their normalised definitions already
 * match, so a second run changes nothing.
 *
 * With `PUBLIC_URL` it also sets the application's Interactions Endpoint URL to
 * `PUBLIC_URL/discord/interactions` (`PATCH /applications/@me`, skipped when already set);
 * Discord accepts it only after the running service answers its signed PING.
 *
 * Needs `DISCORD_BOT_TOKEN`, `DISCORD_APPLICATION_ID` and `PUBLIC_URL`; `DISCORD_API_URL`
 * redirects it (tests).
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";
import { type CommandDefinition, commandDefinitions } from "./commands.ts";
import { createDiscordRest, DiscordApiError, type DiscordRest } from "./rest.ts";

/** What a registration did. */
export interface RegisterResult {
  changed: boolean;
  scope: "global" | `guild ${string}`;
  names: string[];
  /** The Interactions Endpoint URL, and whether this run changed it (set by `main`). */
  endpoint?: { url: string; changed: boolean };
}

/** The variables the task reads. */
export const ENV = [
  "DISCORD_BOT_TOKEN",
  "DISCORD_APPLICATION_ID",
  "DISCORD_API_URL",
  "PUBLIC_URL",
] as const;

/** The task's usage text (`--help`). */
export const USAGE = `Usage: deno task discord:register [--guild ID]

Registers the /ci-test command (from the command table the parser uses) and sets the
application's Interactions Endpoint URL to PUBLIC_URL/discord/interactions. Idempotent: a second
run changes nothing. Needs, from the application's page in the Discord Developer Portal:

  DISCORD_BOT_TOKEN        the bot's token (Bot page)
  DISCORD_APPLICATION_ID   the application id (General Information)
  PUBLIC_URL               the service's public https base (for a laptop, a tunnel's URL); the
                           service must be running there with DISCORD_PUBLIC_KEY set, as Discord
                           sends the endpoint a signed PING before it accepts it

  --guild ID   register for one server only (shows at once; global commands take up to an hour)
  --help       this text

Then invite the bot (docs/discord.md).
`;

/**
 * Points the application's interactions at `url` unless they already go there; returns whether
 * it changed. Discord checks the URL by sending it a signed PING first.
 *
 * @example
 * ```ts
 * await setInteractionsEndpoint(rest, "https://ci.acme.example/discord/interactions"); // true
 * ```
 */
export async function setInteractionsEndpoint(rest: DiscordRest, url: string): Promise<boolean> {
  const app = await rest.request<{ interactions_endpoint_url?: string | null }>(
    "GET",
    "/applications/@me",
  );
  if (app?.interactions_endpoint_url === url) return false;
  try {
    await rest.request("PATCH", "/applications/@me", { interactions_endpoint_url: url });
  } catch (cause) {
    if (!(cause instanceof DiscordApiError)) throw cause;
    throw new CiError(
      "upstream",
      `Discord refused the Interactions Endpoint URL '${url}': ${cause.message}`,
      {
        cause,
        hint: "Start the service at PUBLIC_URL with DISCORD_PUBLIC_KEY and " +
          "DISCORD_APPLICATION_ID set (Discord sends it a signed PING), then run this again.",
      },
    );
  }
  return true;
}

function interactionsUrl(publicUrl: string | undefined): string | undefined {
  const value = publicUrl?.trim();
  if (!value) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== "https:") {
    throw new CiError(
      "config",
      `PUBLIC_URL must be an https URL for Discord: current value is '${value}'`,
      { hint: "Set PUBLIC_URL to the service's public https base, e.g. a tunnel's https URL." },
    );
  }
  return `${url.href.replace(/\/+$/, "")}/discord/interactions`;
}

// Fields we set, with Discord's defaults, so a definition read back compares equal.
function normaliseOption(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: o.type,
    name: o.name,
    description: o.description ?? "",
    required: o.required ?? false,
  };
  for (const k of ["min_value", "max_value", "min_length", "max_length"]) {
    if (o[k] !== undefined && o[k] !== null) out[k] = o[k];
  }
  if (Array.isArray(o.choices) && o.choices.length > 0) {
    out.choices = o.choices.map((c: { name: string; value: unknown }) => ({
      name: c.name,
      value: c.value,
    }));
  }
  if (Array.isArray(o.options) && o.options.length > 0) {
    out.options = o.options.map(normaliseOption);
  }
  return out;
}

/**
 * A command definition reduced to what we control, with defaults filled, for comparison.
 *
 * @example
 * ```ts
 * normaliseCommand({ name: "ci-test", description: "x" }); // { type: 1, name: "ci-test", … }
 * ```
 */
export function normaliseCommand(c: Record<string, unknown>): Record<string, unknown> {
  return {
    type: c.type ?? 1,
    name: c.name,
    description: c.description ?? "",
    options: Array.isArray(c.options) ? c.options.map(normaliseOption) : [],
  };
}

const canonical = (list: Record<string, unknown>[]) =>
  JSON.stringify(
    list.map(normaliseCommand).sort((a, b) => String(a.name).localeCompare(String(b.name))),
  );

/**
 * Registers the commands unless the current ones already match.
 *
 * @example
 * ```ts
 * const result = await registerCommands(rest, "123", { guildId: "456" });
 * console.log(result.changed ? "updated" : "unchanged");
 * ```
 */
export async function registerCommands(
  rest: DiscordRest,
  applicationId: string,
  options: { guildId?: string; definitions?: CommandDefinition[] } = {},
): Promise<RegisterResult> {
  const definitions = options.definitions ?? commandDefinitions();
  const path = options.guildId
    ? `/applications/${applicationId}/guilds/${options.guildId}/commands`
    : `/applications/${applicationId}/commands`;
  const scope = options.guildId ? `guild ${options.guildId}` as const : "global" as const;
  const current = await rest.request<Record<string, unknown>[]>("GET", path);
  const names = definitions.map((d) => d.name);
  if (
    canonical(current ?? []) ===
      canonical(definitions as unknown as Record<string, unknown>[])
  ) {
    return { changed: false, scope, names };
  }
  await rest.request("PUT", path, definitions);
  return { changed: true, scope, names };
}

/**
 * The task's entry: reads the environment and arguments, registers the commands, then sets the
 * Interactions Endpoint URL. Throws `CiError("config"|"bad_request")` naming what to set.
 *
 * @example
 * ```ts
 * await main(["--guild", "456"], { DISCORD_BOT_TOKEN: "…", DISCORD_APPLICATION_ID: "123", PUBLIC_URL: "https://ci.acme.example" }, fetch);
 * ```
 */
export async function main(
  args: string[],
  env: Partial<Record<(typeof ENV)[number], string>>,
  fetchImpl: typeof fetch,
): Promise<RegisterResult> {
  const guildIndex = args.findIndex((a) => a === "--guild" || a.startsWith("--guild="));
  const guildValue = guildIndex >= 0 && !args[guildIndex].includes("=") ? guildIndex + 1 : -1;
  const unknown = args.find((_, i) => i !== guildIndex && i !== guildValue);
  if (unknown !== undefined) {
    throw new CiError("bad_request", `Unknown option: '${unknown}'`, {
      hint: "Options: --guild ID, --help.",
    });
  }
  let guildId: string | undefined;
  if (guildIndex >= 0) {
    const arg = args[guildIndex];
    guildId = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[guildIndex + 1];
    if (!guildId || !/^\d+$/.test(guildId)) {
      throw new CiError("bad_request", `--guild needs a numeric guild id: got '${guildId ?? ""}'`, {
        hint: "Copy the server id (Developer Mode → right-click the server → Copy Server ID).",
      });
    }
  }
  const token = env.DISCORD_BOT_TOKEN?.trim();
  const applicationId = env.DISCORD_APPLICATION_ID?.trim();
  const endpoint = interactionsUrl(env.PUBLIC_URL);
  const missing = [
    ...(token ? [] : ["DISCORD_BOT_TOKEN"]),
    ...(applicationId ? [] : ["DISCORD_APPLICATION_ID"]),
    ...(endpoint ? [] : ["PUBLIC_URL"]),
  ];
  if (!token || !applicationId || !endpoint) {
    throw new CiError("config", `Cannot register commands: ${missing.join(", ")} not set`, {
      hint: "The token and id are on the application's page in the Discord Developer Portal; " +
        "PUBLIC_URL is the service's public https base. See deno task discord:register --help.",
    });
  }
  if (!/^\d+$/.test(applicationId)) {
    throw new CiError(
      "config",
      `DISCORD_APPLICATION_ID must be a numeric id: got '${applicationId}'`,
      { hint: "Copy the Application ID from General Information in the Developer Portal." },
    );
  }
  const rest = createDiscordRest({
    botToken: token,
    apiUrl: env.DISCORD_API_URL?.trim() || undefined,
    fetch: fetchImpl,
  });
  const result = await registerCommands(rest, applicationId, { guildId });
  const changed = await setInteractionsEndpoint(rest, endpoint);
  return { ...result, endpoint: { url: endpoint, changed } };
}

if (import.meta.main) {
  if (Deno.args.some((a) => a === "--help" || a === "-h")) {
    console.log(USAGE);
    Deno.exit(0);
  }
  try {
    const env = Object.fromEntries(ENV.map((k) => [k, Deno.env.get(k)]));
    const result = await main(Deno.args, env, fetch);
    console.log(
      `${result.changed ? "Registered" : "Unchanged"}: /${
        result.names.join(", /")
      } (${result.scope})`,
    );
    console.log(
      `Interactions Endpoint URL ${
        result.endpoint?.changed ? "set to" : "already"
      } ${result.endpoint?.url}`,
    );
  } catch (error) {
    const e = error instanceof CiError ? error : undefined;
    console.error(`error: ${e ? e.message : String(error)}${e?.hint ? `\nhint: ${e.hint}` : ""}`);
    Deno.exit(e && ["config", "bad_request"].includes(e.code) ? 2 : 1);
  }
}
