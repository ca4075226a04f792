/**
 * The Teams app manifest: `bots/teams/app/manifest.template.json` with the bot id and the command list
 * filled in from the core command table (the same table the parser reads), and a zod schema of
 * the fields Teams requires, so a broken package fails here rather than at upload.
 *
 * @module
 */
import { z } from "zod";
import { COMMANDS } from "../../src/intent/commands.ts";
import { CiError } from "../../src/errors.ts";

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SCOPES = ["personal", "team", "groupChat"] as const;

const CommandListSchema = z.object({
  scopes: z.array(z.enum(SCOPES)).min(1),
  commands: z.array(z.object({
    title: z.string().min(1).max(32),
    description: z.string().min(1).max(128),
  })).min(1).max(10),
});

/** The required fields of a Teams manifest (v1.22) as this app uses them. */
export const ManifestSchema = z.looseObject({
  $schema: z.url(),
  manifestVersion: z.string().regex(/^1\.\d+$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  id: z.string().regex(GUID),
  developer: z.object({
    name: z.string().min(1).max(32),
    websiteUrl: z.url(),
    privacyUrl: z.url(),
    termsOfUseUrl: z.url(),
  }),
  name: z.object({ short: z.string().min(1).max(30), full: z.string().max(100).optional() }),
  description: z.object({ short: z.string().min(1).max(80), full: z.string().min(1).max(4000) }),
  icons: z.object({ color: z.literal("color.png"), outline: z.literal("outline.png") }),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  validDomains: z.array(z.string().min(1)).min(1),
  bots: z.array(z.object({
    botId: z.string().regex(GUID),
    scopes: z.array(z.enum(SCOPES)).min(1),
    commandLists: z.array(CommandListSchema).optional(),
    isNotificationOnly: z.boolean().optional(),
    supportsFiles: z.boolean().optional(),
  })).length(1),
});
/** A manifest. */
export type Manifest = z.infer<typeof ManifestSchema>;

/** Where the app's public pages are: the service's base and the two pages Teams asks for. */
export interface AppUrls {
  /** The service's public https base (`PUBLIC_URL`), also the one valid domain. */
  publicUrl: string;
  /** The privacy statement; the public base unless given. */
  privacyUrl?: string;
  /** The terms of use; the public base unless given. */
  termsOfUseUrl?: string;
}

function httpsUrl(name: string, value: string): string {
  const url = URL.canParse(value.trim()) ? new URL(value.trim()) : undefined;
  if (url?.protocol !== "https:") {
    throw new CiError(
      "config",
      `Cannot build the Teams package as ${name} must be an https URL: current value is '${value}'`,
      { hint: `Set ${name} to a public https URL, e.g. https://ci.acme.example` },
    );
  }
  return url.href.replace(/\/+$/, "");
}

/**
 * Builds and validates the manifest for `appId` from the template text, with the developer
 * URLs and the valid domain taken from `urls`.
 *
 * @example
 * ```ts
 * const manifest = buildManifest(await Deno.readTextFile("bots/teams/app/manifest.template.json"), appId, { publicUrl: "https://ci.acme.example" });
 * manifest.bots[0].commandLists?.[0].commands[0].title; // "analyze"
 * ```
 */
export function buildManifest(template: string, appId: string, urls: AppUrls): Manifest {
  if (!GUID.test(appId)) {
    throw new CiError(
      "config",
      `Cannot build the Teams package as the app id must be a GUID: current value is '${
        appId.slice(0, 60)
      }'`,
      { hint: "Set MICROSOFT_APP_ID (or pass --app-id) to the bot's Azure app registration id." },
    );
  }
  const website = httpsUrl("PUBLIC_URL", urls.publicUrl);
  const commands = COMMANDS.slice(0, 10).map((c) => ({
    title: c.name,
    description: c.summary.length > 128 ? `${c.summary.slice(0, 127)}…` : c.summary,
  }));
  const base = JSON.parse(template);
  return ManifestSchema.parse({
    ...base,
    id: appId,
    developer: {
      ...base.developer,
      websiteUrl: website,
      privacyUrl: httpsUrl("--privacy-url", urls.privacyUrl ?? website),
      termsOfUseUrl: httpsUrl("--terms-url", urls.termsOfUseUrl ?? website),
    },
    validDomains: [new URL(website).host],
    bots: [{
      botId: appId,
      scopes: [...SCOPES],
      supportsFiles: false,
      isNotificationOnly: false,
      commandLists: [{ scopes: [...SCOPES], commands }],
    }],
  });
}
