/**
 * `deno task teams:package`: the Teams app package (manifest.json with the bot id, the
 * commands and the service's URLs, and the two icons) as a zip to upload in Teams' *Manage
 * apps*. The app id comes from `--app-id` or `MICROSOFT_APP_ID`, the URLs from `PUBLIC_URL`.
 *
 * @module
 */
import { zipSync } from "fflate";
import { CiError } from "../../src/errors.ts";
import { type AppUrls, buildManifest } from "./manifest.ts";

/** Where the package is written unless `--out` says otherwise. */
export const DEFAULT_OUT = "dist/ci-orchestrator-teams.zip";

const USAGE =
  `Usage: MICROSOFT_APP_ID=GUID PUBLIC_URL=https://HOST deno task teams:package [options]

Writes the Teams app package (manifest.json and two icons) to upload in Teams: Apps → Manage your
apps → Upload an app. Needs the bot's app id (MICROSOFT_APP_ID or --app-id) and PUBLIC_URL, the
service's public https base (its host becomes the app's valid domain and website).

  --app-id GUID        the Azure bot registration's app id (default: MICROSOFT_APP_ID)
  --out FILE           where to write the zip (default ${DEFAULT_OUT})
  --privacy-url URL    your privacy statement (default: PUBLIC_URL)
  --terms-url URL      your terms of use (default: PUBLIC_URL)
  --help               this text

Then follow docs/teams.md.
`;

/**
 * The package bytes: exactly `manifest.json`, `color.png` and `outline.png`.
 *
 * @example
 * ```ts
 * const zip = await buildPackage({ appId: "00000000-0000-4000-8000-000000000001", dir: "bots/teams/app", urls: { publicUrl: "https://ci.acme.example" } });
 * ```
 */
export async function buildPackage(
  options: { appId: string; dir: string; urls: AppUrls },
): Promise<Uint8Array> {
  const template = await Deno.readTextFile(`${options.dir}/manifest.template.json`);
  const manifest = buildManifest(template, options.appId, options.urls);
  return zipSync({
    "manifest.json": new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    "color.png": await Deno.readFile(`${options.dir}/color.png`),
    "outline.png": await Deno.readFile(`${options.dir}/outline.png`),
  }, { mtime: new Date("2026-01-01T00:00:00Z") });
}

const FLAGS: Record<string, "appId" | "out" | "privacyUrl" | "termsOfUseUrl"> = {
  "--app-id": "appId",
  "--out": "out",
  "--privacy-url": "privacyUrl",
  "--terms-url": "termsOfUseUrl",
};

/**
 * Parses the command line over the environment's defaults; throws `CiError("bad_request")` on
 * an unknown option or a missing value.
 *
 * @example
 * ```ts
 * parseArgs(["--app-id", "abc"], {}); // { appId: "abc", out: "dist/ci-orchestrator-teams.zip" }
 * ```
 */
export function parseArgs(
  args: string[],
  env: { MICROSOFT_APP_ID?: string; PUBLIC_URL?: string },
) {
  const options: Partial<Record<(typeof FLAGS)[string], string>> & { out: string } = {
    appId: env.MICROSOFT_APP_ID?.trim() || undefined,
    out: DEFAULT_OUT,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const key = FLAGS[flag];
    const value = key ? inline ?? args[++i] : undefined;
    if (!key || !value?.trim()) {
      throw new CiError("bad_request", `Unknown option or missing value: '${arg}'`, {
        hint: `Options: ${Object.keys(FLAGS).join(", ")}, --help.`,
      });
    }
    options[key] = value.trim();
  }
  return options;
}

/**
 * Runs the task; returns the exit code: 0 written (or usage), 2 for a usage or configuration
 * error, with what to set on `err`.
 *
 * @example
 * ```ts
 * await runPackageTask([], { MICROSOFT_APP_ID: id, PUBLIC_URL: "https://ci.acme.example" }, console.log, console.error); // 0
 * ```
 */
export async function runPackageTask(
  args: string[],
  env: { MICROSOFT_APP_ID?: string; PUBLIC_URL?: string },
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  if (args.some((a) => a === "--help" || a === "-h")) {
    out(USAGE);
    return 0;
  }
  try {
    const options = parseArgs(args, env);
    const publicUrl = env.PUBLIC_URL?.trim();
    const missing = [
      ...(options.appId ? [] : ["MICROSOFT_APP_ID (or --app-id)"]),
      ...(publicUrl ? [] : ["PUBLIC_URL"]),
    ];
    if (!options.appId || !publicUrl) {
      throw new CiError(
        "config",
        `Cannot build the Teams package: ${missing.join(" and ")} not set`,
        {
          hint: "Set MICROSOFT_APP_ID to the bot's Azure app id and PUBLIC_URL to the service's " +
            "public https base, e.g. PUBLIC_URL=https://ci.acme.example",
        },
      );
    }
    const zip = await buildPackage({
      appId: options.appId,
      dir: new URL("./app", import.meta.url).pathname,
      urls: { publicUrl, privacyUrl: options.privacyUrl, termsOfUseUrl: options.termsOfUseUrl },
    });
    await Deno.mkdir(options.out.split("/").slice(0, -1).join("/") || ".", { recursive: true });
    await Deno.writeFile(options.out, zip);
    out(`Wrote ${options.out} (${zip.length} bytes) for bot ${options.appId} at ${publicUrl}`);
    if (!options.privacyUrl || !options.termsOfUseUrl) {
      out("Privacy and terms links point at PUBLIC_URL; --privacy-url and --terms-url set yours.");
    }
    return 0;
  } catch (error) {
    if (!(error instanceof CiError)) throw error;
    err(`error: ${error.message}`);
    if (error.hint) err(`hint: ${error.hint}`);
    return 2;
  }
}

if (import.meta.main) {
  const help = Deno.args.some((a) => a === "--help" || a === "-h");
  Deno.exit(
    await runPackageTask(
      Deno.args,
      // --help must work without the env permission; ask only when it is needed.
      help ? {} : {
        MICROSOFT_APP_ID: Deno.env.get("MICROSOFT_APP_ID"),
        PUBLIC_URL: Deno.env.get("PUBLIC_URL"),
      },
      console.log,
      console.error,
    ),
  );
}
