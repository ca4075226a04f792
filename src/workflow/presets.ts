/**
 * Named matrices ("presets") a repository defines in `.github/ci-orchestrator.yml`, so people can
 * type `matrix:full` instead of every dimension:
 *
 * ```yaml
 * presets:
 *   full:
 *     python-version: ["3.10", "3.11", "3.12"]
 *     os: [ubuntu-latest, macos-latest]
 *     exclude:
 *       - { python-version: "3.10", os: macos-latest }
 *   quick:
 *     python-version: ["3.12"]
 * ```
 *
 * Every value becomes a string exactly as written: unlike a workflow's own matrix, `3.10`
 * unquoted stays `"3.10"` (GitHub would read the number 3.1), because a preset only ever feeds
 * dispatch inputs, which are strings. `include`/`exclude` follow GitHub Actions' matrix rules
 * (see `matrix.ts`). Other top-level keys of the file are left to their own readers.
 *
 * @module
 */
import { type Document, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { CiError } from "../errors.ts";
import type { CIProvider } from "../providers/port.ts";
import { MAX_ALIAS_COUNT } from "./yaml_nodes.ts";
import { asWritten } from "./yaml_written.ts";

/** Where a repository defines its presets. */
export const PRESETS_PATH = ".github/ci-orchestrator.yml";

/** Largest presets file read; real ones are a few hundred bytes. */
export const MAX_PRESETS_BYTES = 256 * 1024;

/** Keys of a preset that are not dimensions. */
export const MATRIX_KEYWORDS = ["include", "exclude"] as const;

/** One matrix combination: dimension → value. */
export type Combination = Record<string, string>;

/** A named matrix, with where it was defined (for messages). */
export interface Preset {
  name: string;
  /** Dimension → values, in the order written. */
  dimensions: Record<string, string[]>;
  include: Combination[];
  exclude: Combination[];
  /** Where it came from, e.g. "acme/app .github/ci-orchestrator.yml". */
  source: string;
}

/** Presets by name. A Map, so names like `constructor` cannot reach `Object.prototype`. */
export type Presets = ReadonlyMap<string, Preset>;

const NameSchema = z.string().min(1, "a name cannot be empty").max(100, "at most 100 characters");
const ValueSchema = z.string().max(200, "a value has at most 200 characters");
const CombinationSchema = z.record(NameSchema, ValueSchema);

const PresetSchema = z.record(NameSchema, z.unknown()).superRefine((preset, ctx) => {
  const dims = Object.keys(preset).filter((k) =>
    !(MATRIX_KEYWORDS as readonly string[]).includes(k)
  );
  for (const dim of dims) {
    const values = z.array(ValueSchema).min(1, "a dimension needs at least one value").max(256)
      .safeParse(preset[dim]);
    if (!values.success) {
      for (const issue of values.error.issues) {
        ctx.addIssue({ code: "custom", message: issue.message, path: [dim, ...issue.path] });
      }
    }
  }
  for (const keyword of MATRIX_KEYWORDS) {
    if (!Object.hasOwn(preset, keyword)) continue;
    const list = z.array(CombinationSchema).safeParse(preset[keyword]);
    if (!list.success) {
      for (const issue of list.error.issues) {
        ctx.addIssue({ code: "custom", message: issue.message, path: [keyword, ...issue.path] });
      }
      continue;
    }
    if (keyword !== "exclude") continue;
    // GitHub refuses an exclude key that is not a dimension; so do we, with the same reason.
    list.data.forEach((entry, i) => {
      for (const key of Object.keys(entry)) {
        if (dims.includes(key)) continue;
        ctx.addIssue({
          code: "custom",
          message: `'${key}' is not a dimension of this preset (dimensions: ${
            dims.join(", ") || "none"
          })`,
          path: ["exclude", i, key],
        });
      }
    });
  }
  // A wrong `include` is reported above; an empty or missing one leaves nothing to run.
  const include = preset.include;
  if (
    dims.length === 0 &&
    (Array.isArray(include) ? include.length === 0 : !Object.hasOwn(preset, "include"))
  ) {
    ctx.addIssue({ code: "custom", message: "a preset needs a dimension or an include list" });
  }
});

const FileSchema = z.object({
  presets: z.record(NameSchema, PresetSchema).nullish(),
}).loose();

/**
 * Parses the text of a presets file. An empty file has no presets.
 *
 * @throws {CiError} `config` listing every problem with its path and line; `too_large` beyond
 *   {@linkcode MAX_PRESETS_BYTES}.
 * @example
 * ```ts
 * const presets = parsePresets("presets:\n  quick:\n    python-version: [3.10]\n", "ci-orchestrator.yml");
 * presets.get("quick")?.dimensions; // { "python-version": ["3.10"] }
 * ```
 */
export function parsePresets(text: string, source: string): Presets {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_PRESETS_BYTES) {
    throw new CiError(
      "too_large",
      `Cannot read presets from ${source} as it is ${bytes} bytes: the limit is ${MAX_PRESETS_BYTES}`,
      { hint: "Keep presets small: a few named matrices." },
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new CiError(
      "config",
      `Cannot read presets from ${source}: YAML error at line ${e.linePos?.[0].line ?? 1}: ${
        e.message.split("\n")[0]
      }`,
      { hint: `Fix the YAML of ${source}.` },
    );
  }
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new CiError("config", `Cannot read presets from ${source}: YAML refused`, {
      hint: "Aliases expanding to huge documents are refused; write the values out.",
      cause: error,
    });
  }
  const parsed = FileSchema.safeParse(asWritten(doc, doc.contents) ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const line = lineOf(nodeAt(doc, path)?.range?.[0]);
      const where = path.length > 0 ? path.join(".") : "(file)";
      return `${where}${line ? ` (line ${line})` : ""}: ${issue.message}`;
    });
    throw new CiError(
      "config",
      `Cannot read presets from ${source}: ${problems.length} problem${
        problems.length === 1 ? "" : "s"
      }\n- ${problems.join("\n- ")}`,
      {
        hint:
          "Each preset maps dimensions to lists of values, with optional include/exclude lists of " +
          "{dimension: value} entries, e.g. presets: { quick: { python-version: ['3.12'] } }.",
      },
    );
  }
  const out = new Map<string, Preset>();
  for (const [name, raw] of Object.entries(parsed.data.presets ?? {})) {
    const dimensions: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(raw)) {
      if (!(MATRIX_KEYWORDS as readonly string[]).includes(key)) {
        dimensions[key] = values as string[];
      }
    }
    out.set(name, {
      name,
      dimensions,
      include: (raw.include ?? []) as Combination[],
      exclude: (raw.exclude ?? []) as Combination[],
      source,
    });
  }
  return out;
}

/**
 * Reads the repository's presets file at `ref` (default branch when absent). No file, no presets.
 *
 * @throws {CiError} as {@linkcode parsePresets}, and whatever the provider throws.
 * @example
 * ```ts
 * const presets = await loadPresets(provider, "acme/app");
 * [...presets.keys()]; // ["full", "quick"]
 * ```
 */
export async function loadPresets(
  provider: CIProvider,
  repo: string,
  ref?: string,
): Promise<Presets> {
  const file = await provider.readFile(repo, PRESETS_PATH, ref);
  if (!file) return new Map();
  return parsePresets(file.content, `${repo} ${PRESETS_PATH}`);
}

/**
 * Policy presets are organisation-wide defaults; a repository preset of the same name replaces
 * the policy one as a whole (dimensions are not merged, so a repository gets exactly what it
 * wrote).
 *
 * @example
 * ```ts
 * const merged = mergePresets(repoPresets, policyPresets);
 * merged.get("full")?.source; // the repository's file when it defines `full`
 * ```
 */
export function mergePresets(repoPresets: Presets, policyPresets: Presets): Presets {
  return new Map([...policyPresets, ...repoPresets]);
}

function nodeAt(doc: Document, path: string[]): { range?: [number, number, number] | null } | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const node = depth === 0 ? doc.contents : doc.getIn(keys, true);
    if (node && typeof node === "object" && "range" in node) {
      return node as { range?: [number, number, number] | null };
    }
  }
  return null;
}
