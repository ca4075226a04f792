/**
 * `deno task discord:register [--guild ID]`: registers or updates the `/ci-test` command from
 * the core command table, globally (`PUT /applications/{app}/commands`, bulk overwrite; up to an
 * hour to show everywhere) or for one guild (instant, for testing). Idempotent: the current
 * commands are read first and the PUT is skipped when their normalised definitions already
 * match, so a second run changes nothing.
 *
 * Needs `DISCORD_BOT_TOKEN` and `DISCORD_APPLICATION_ID`; `DISCORD_API_URL` redirects it (tests).
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";
import { type CommandDefinition, commandDefinitions } from "./commands.ts";
import { createDiscordRest, type DiscordRest } from "./rest.ts";

/** What a registration did. */
export interface RegisterResult {
  changed: boolean;
  scope: "global" | `guild ${string}`;
  names: string[];
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
 * The task's entry: reads the environment and arguments, registers, prints one line.
 *
 * @example
 * ```ts
 * await main(["--guild", "456"], { DISCORD_BOT_TOKEN: "…", DISCORD_APPLICATION_ID: "123" }, fetch);
 * ```
 */
export async function main(
  args: string[],
  env: Record<string, string | undefined>,
  fetchImpl: typeof fetch,
): Promise<RegisterResult> {
  const guildIndex = args.findIndex((a) => a === "--guild" || a.startsWith("--guild="));
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
  const missing = [
    ...(token ? [] : ["DISCORD_BOT_TOKEN"]),
    ...(applicationId ? [] : ["DISCORD_APPLICATION_ID"]),
  ];
  if (missing.length > 0 || !token || !applicationId) {
    throw new CiError("config", `Cannot register commands: ${missing.join(" and ")} not set`, {
      hint: "Both are on the application's page in the Discord Developer Portal.",
    });
  }
  if (!/^\d+$/.test(applicationId)) {
    throw new CiError(
      "config",
      `DISCORD_APPLICATION_ID must be a numeric id: got '${applicationId}'`,
    );
  }
  const rest = createDiscordRest({
    botToken: token,
    apiUrl: env.DISCORD_API_URL?.trim() || undefined,
    fetch: fetchImpl,
  });
  return await registerCommands(rest, applicationId, { guildId });
}

if (import.meta.main) {
  try {
    const env = Object.fromEntries(
      ["DISCORD_BOT_TOKEN", "DISCORD_APPLICATION_ID", "DISCORD_API_URL"].map((k) => [
        k,
        Deno.env.get(k),
      ]),
    );
    const result = await main(Deno.args, env, fetch);
    console.log(
      `${result.changed ? "Registered" : "Unchanged"}: /${
        result.names.join(", /")
      } (${result.scope})`,
    );
  } catch (error) {
    const e = error instanceof CiError ? error : undefined;
    console.error(`error: ${e ? e.message : String(error)}${e?.hint ? `\nhint: ${e.hint}` : ""}`);
    Deno.exit(1);
  }
}
