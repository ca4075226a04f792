/**
 * `deno task teams:package [--app-id GUID] [--out dist/ci-orchestrator-teams.zip]`: the Teams
 * app package (manifest.json with the bot id and commands, and the two icons) as a zip to upload
 * in Teams' *Manage apps*. The app id comes from `--app-id` or `MICROSOFT_APP_ID`.
 *
 * @module
 */
import { zipSync } from "fflate";
import { CiError } from "../../src/errors.ts";
import { buildManifest } from "./manifest.ts";

/** Where the package is written unless `--out` says otherwise. */
export const DEFAULT_OUT = "dist/ci-orchestrator-teams.zip";

/**
 * The package bytes: exactly `manifest.json`, `color.png` and `outline.png`.
 *
 * @example
 * ```ts
 * const zip = await buildPackage({ appId: "00000000-0000-4000-8000-000000000001", dir: "bots/teams/app" });
 * ```
 */
export async function buildPackage(options: { appId: string; dir: string }): Promise<Uint8Array> {
  const template = await Deno.readTextFile(`${options.dir}/manifest.template.json`);
  const manifest = buildManifest(template, options.appId);
  return zipSync({
    "manifest.json": new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    "color.png": await Deno.readFile(`${options.dir}/color.png`),
    "outline.png": await Deno.readFile(`${options.dir}/outline.png`),
  }, { mtime: new Date("2026-01-01T00:00:00Z") });
}

/**
 * Parses the command line; `appId` is `undefined` when neither flag nor variable gives one.
 *
 * @example
 * ```ts
 * parseArgs(["--app-id", "abc"], undefined); // { appId: "abc", out: "dist/ci-orchestrator-teams.zip" }
 * ```
 */
export function parseArgs(args: string[], envAppId: string | undefined) {
  let appId = envAppId?.trim() || undefined;
  let out = DEFAULT_OUT;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split("=", 2);
    const value = inline ?? args[++i];
    if (flag === "--app-id") appId = value;
    else if (flag === "--out") out = value;
    else {throw new CiError("bad_request", `Unknown option '${args[i]}'`, {
        hint: "Use --app-id and --out.",
      });}
  }
  return { appId, out };
}

if (import.meta.main) {
  try {
    const { appId, out } = parseArgs(Deno.args, Deno.env.get("MICROSOFT_APP_ID"));
    if (!appId) {
      throw new CiError("config", "Cannot build the Teams package: no bot app id", {
        hint: "Set MICROSOFT_APP_ID or pass --app-id <GUID of the Azure bot registration>.",
      });
    }
    const zip = await buildPackage({
      appId,
      dir: new URL("./app", import.meta.url).pathname,
    });
    await Deno.mkdir(out.split("/").slice(0, -1).join("/") || ".", { recursive: true });
    await Deno.writeFile(out, zip);
    console.log(`Wrote ${out} (${zip.length} bytes) for bot ${appId}`);
  } catch (error) {
    const e = error instanceof CiError ? error : new CiError("internal", String(error));
    console.error(`error: ${e.message}${e.hint ? `\nhint: ${e.hint}` : ""}`);
    Deno.exit(1);
  }
}
