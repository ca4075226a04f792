/**
 * The catalog of shared building blocks: a YAML file in the organisation's shared repository
 * listing reusable workflows and composite actions, what inputs and secrets they take, and what
 * work they cover, so `migrate` can tell which hand-written jobs one of them replaces. The format
 * is documented in `docs/migrate.md`, with `docs/catalog.example.yml` as the example.
 *
 * @module
 */
import { parse } from "yaml";
import { z } from "zod";
import { CiError } from "../../errors.ts";
import { RepoSchema } from "../../intent/schema.ts";
import type { CIProvider } from "../../providers/port.ts";

const ACTION_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_./-]+)?$/;
const WORKFLOW_USES =
  /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/\.github\/workflows\/[^@\s]+\.ya?ml@[^@\s]+$/;
const ACTION_USES = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?:\/[^@\s]+)?@[^@\s]+$/;

/**
 * Where an input's value comes from in the job being replaced:
 * `with:<owner/action>:<input>` (a step's `with` value), `runs-on`, `env:<NAME>` (job env),
 * or `run:<regex>` (group 1 of the first command that matches).
 */
const FromSchema = z.string().refine((s) => {
  if (s === "runs-on") return true;
  if (/^env:[A-Za-z_][A-Za-z0-9_]*$/.test(s)) return true;
  const w = /^with:([^:]+):([A-Za-z0-9_-]+)$/.exec(s);
  if (w) return ACTION_NAME.test(w[1]);
  if (s.startsWith("run:")) {
    try {
      return new RegExp(s.slice(4)).source.length > 0;
    } catch {
      return false;
    }
  }
  return false;
}, "must be runs-on, env:NAME, with:owner/action:input or run:<regex with a group>");

const InputSchema = z.object({
  type: z.enum(["string", "number", "boolean"]).default("string"),
  required: z.boolean().default(false),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().optional(),
  from: FromSchema.optional(),
}).strict();

const SecretSchema = z.object({
  required: z.boolean().default(false),
  /** The repository secret conventionally passed (default: the same name). */
  from: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
  description: z.string().optional(),
}).strict();

const CoversSchema = z.object({
  /** Setup actions (`owner/name`) the block performs; by default all must be in the job. */
  setup: z.array(z.string().regex(ACTION_NAME, "an action is written owner/name")).default([]),
  /** Other actions its steps may use (`actions/checkout` is always covered). */
  uses: z.array(z.string().regex(ACTION_NAME, "an action is written owner/name")).default([]),
  /** Commands it runs, as globs matched against whole commands (`*` is any text). */
  run: z.array(z.string().min(1)).default([]),
  /** What the job must contain to be replaced: actions or command globs (default: `setup`). */
  requires: z.array(z.string().min(1)).optional(),
}).strict();

const Access = z.enum(["read", "write", "none"]);

const WorkflowEntrySchema = z.object({
  uses: z.string().regex(
    WORKFLOW_USES,
    "a reusable workflow is written owner/repo/.github/workflows/file.yml@ref",
  ),
  /** Full commit SHA of `ref`: callers are pinned to it, with the ref as a comment. */
  sha: z.string().regex(/^[0-9a-f]{40}$/, "a full 40-hex commit SHA").optional(),
  description: z.string().optional(),
  inputs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/), InputSchema).default({}),
  secrets: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/), SecretSchema).default({}),
  covers: CoversSchema,
  /** Token permissions the callee's jobs need (a caller cannot grant less). */
  permissions: z.record(z.string(), Access).optional(),
  /** The callee's own concurrency group, when it sets one. */
  concurrency: z.string().optional(),
}).strict();

const ActionEntrySchema = z.object({
  uses: z.string().regex(ACTION_USES, "a composite action is written owner/repo[/path]@ref"),
  sha: z.string().regex(/^[0-9a-f]{40}$/, "a full 40-hex commit SHA").optional(),
  description: z.string().optional(),
  inputs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/), InputSchema).default({}),
  covers: CoversSchema,
}).strict();

/**
 * The catalog file.
 *
 * @example
 * ```ts
 * CatalogSchema.parse({ version: 1, workflows: {}, actions: {} });
 * ```
 */
export const CatalogSchema = z.object({
  version: z.literal(1),
  workflows: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i), WorkflowEntrySchema)
    .default({}),
  actions: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i), ActionEntrySchema).default({}),
}).strict();

/** A parsed catalog. */
export type Catalog = z.infer<typeof CatalogSchema>;
/** One reusable workflow of the catalog. */
export type CatalogWorkflow = z.infer<typeof WorkflowEntrySchema>;
/** One input a catalog block declares. */
export type CatalogInput = z.infer<typeof InputSchema>;

/** Where the catalog is read from. */
export interface CatalogLocation {
  repo: string;
  path: string;
  ref?: string;
}

/** The default catalog file inside the shared repository. */
export const DEFAULT_CATALOG_PATH = "catalog.yml";
/** The default shared repository name, next to the migrated repository. */
export const DEFAULT_CATALOG_REPO = "ci-tooling";

/**
 * Reads a catalog location written `owner/repo[/path/file.yml][@ref]`; undefined when `spec`
 * is absent, in which case `<owner>/ci-tooling` → `catalog.yml` is used.
 *
 * @throws {CiError} `bad_request` for anything else.
 * @example
 * ```ts
 * catalogLocation("acme/tools/ci/catalog.yml@v2", "acme/app");
 * // { repo: "acme/tools", path: "ci/catalog.yml", ref: "v2" }
 * catalogLocation(undefined, "acme/app"); // { repo: "acme/ci-tooling", path: "catalog.yml" }
 * ```
 */
export function catalogLocation(spec: string | undefined, repo: string): CatalogLocation {
  if (spec === undefined || spec === "") {
    const owner = repo.includes("/") ? repo.split("/")[0] : "local";
    return { repo: `${owner}/${DEFAULT_CATALOG_REPO}`, path: DEFAULT_CATALOG_PATH };
  }
  const m =
    /^([A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+)((?:\/[A-Za-z0-9._-]+)*\.ya?ml)?(?:@([^@\s]+))?$/
      .exec(spec);
  // `.` and `..` segments would move the request to another repository or API path.
  const dots = m?.[2]?.split("/").some((part) => part === "." || part === "..");
  if (!m || dots || !RepoSchema.safeParse(m[1]).success) {
    throw new CiError("bad_request", `Cannot read the catalog location '${spec}'`, {
      hint: "Write it owner/repo, owner/repo/path/catalog.yml or either with @ref, e.g. " +
        "`migrate acme/app strategy:reusable target:acme/ci-tooling/catalog.yml@v1`.",
    });
  }
  return {
    repo: m[1],
    path: m[2] ? m[2].slice(1) : DEFAULT_CATALOG_PATH,
    ...(m[3] ? { ref: m[3] } : {}),
  };
}

/**
 * Parses catalog text, listing every problem at once.
 *
 * @throws {CiError} `config` naming each offending entry and what is wrong with it.
 * @example
 * ```ts
 * const catalog = parseCatalog(await Deno.readTextFile("docs/catalog.example.yml"), "catalog.yml");
 * Object.keys(catalog.workflows); // ["python-ci", …]
 * ```
 */
export function parseCatalog(text: string, where: string): Catalog {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (cause) {
    const first = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    throw new CiError("config", `The catalog ${where} is not valid YAML: ${first}`, {
      hint: "Fix the YAML syntax; docs/catalog.example.yml shows the format.",
      cause,
    });
  }
  const result = CatalogSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) =>
      `${i.path.length ? i.path.join(".") : "(top level)"}: ${i.message}`
    );
    throw new CiError(
      "config",
      `The catalog ${where} has ${problems.length} problem${problems.length === 1 ? "" : "s"}: ` +
        problems.join("; "),
      { hint: "Fix these entries; docs/migrate.md describes every key." },
    );
  }
  const catalog = result.data;
  const problems: string[] = [];
  for (const [id, entry] of Object.entries({ ...catalog.workflows, ...catalog.actions })) {
    for (const [name, input] of Object.entries(entry.inputs)) {
      if (input.default !== undefined && typeof input.default !== input.type) {
        problems.push(
          `${id}.inputs.${name}.default: is a ${typeof input.default}, not ${input.type}`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new CiError("config", `The catalog ${where} has problems: ${problems.join("; ")}`, {
      hint: "Fix these entries; docs/migrate.md describes every key.",
    });
  }
  return catalog;
}

/**
 * Reads and parses the catalog through the provider; null when the file does not exist.
 *
 * @throws {CiError} `config` for an invalid catalog; provider errors as they come.
 * @example
 * ```ts
 * const catalog = await loadCatalog(provider, { repo: "acme/ci-tooling", path: "catalog.yml" });
 * ```
 */
export async function loadCatalog(
  provider: CIProvider,
  at: CatalogLocation,
): Promise<Catalog | null> {
  const file = await provider.readFile(at.repo, at.path, at.ref);
  if (!file) return null;
  return parseCatalog(file.content, whereCatalog(provider, at));
}

/**
 * `acme/ci-tooling/catalog.yml@v1`, for messages.
 *
 * @example
 * ```ts
 * describeLocation({ repo: "acme/ci-tooling", path: "catalog.yml" }); // "acme/ci-tooling/catalog.yml"
 * ```
 */
export function describeLocation(at: CatalogLocation): string {
  return `${at.repo}/${at.path}${at.ref ? `@${at.ref}` : ""}`;
}

/**
 * A provider that can say where a file it reads really is: local files (`cli run --dir`) read
 * `<folder>/catalog.yml` whatever the repository part says.
 */
export interface LocatesFiles {
  locate?: (repo: string, path: string) => string;
}

/**
 * Where the catalog was looked for, for messages: the provider's own answer when it has one
 * (a path on disk), else `owner/repo/path@ref`.
 *
 * @example
 * ```ts
 * whereCatalog(githubProvider, { repo: "acme/ci-tooling", path: "catalog.yml" }); // "acme/ci-tooling/catalog.yml"
 * whereCatalog(cliDirProvider, { repo: "local/ci-tooling", path: "catalog.yml" }); // "/home/me/app/catalog.yml"
 * ```
 */
export function whereCatalog(provider: CIProvider & LocatesFiles, at: CatalogLocation): string {
  const path = provider.locate?.(at.repo, at.path);
  return path === undefined
    ? describeLocation(at)
    : `${path}${at.ref ? ` (ref ${at.ref} ignored)` : ""}`;
}
