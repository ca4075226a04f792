/**
 * Reading one section of the repository's settings file, `.github/ci-orchestrator.yml`: the
 * size limit, the YAML parse, the alias limit, the line of a key and the list of problems, shared
 * by every section's reader (`analyze:`, `compare:`) so they fail the same way.
 *
 * @module
 */
import { type Document, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { CiError } from "../errors.ts";
import type { CIProvider } from "../providers/port.ts";
import { MAX_PRESETS_BYTES, PRESETS_PATH } from "./presets.ts";
import { MAX_ALIAS_COUNT } from "./yaml_nodes.ts";

/** The section a reader parses: its name for messages and what to write instead. */
export interface SettingsSection {
  /** The top-level key, e.g. "analyze". */
  name: string;
  /** What the section takes, said in the hint of every `config` error. */
  hint: string;
}

/** A parsed settings file. */
export interface SettingsFile {
  /** The whole file as plain data (`{}` for an empty file). */
  data: unknown;
  /** "analyze.rules.x (line 3)": a path with its line, for messages. */
  where(path: readonly PropertyKey[]): string;
}

function lineOf(
  doc: Document,
  counter: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth).map((k) => (/^\d+$/.test(String(k)) ? Number(k) : k));
    const node = depth === 0 ? doc.contents : doc.getIn(keys, true);
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return undefined;
}

/**
 * The `config` error of a section: every problem on its own line, and the section's hint.
 *
 * @example
 * ```ts
 * throw settingsError("acme/app .github/ci-orchestrator.yml", section, ["compare.x (line 2): …"]);
 * ```
 */
export function settingsError(
  source: string,
  section: SettingsSection,
  problems: readonly string[],
): CiError {
  return new CiError(
    "config",
    `Cannot read the ${section.name} settings of ${source}: ${problems.length} problem${
      problems.length === 1 ? "" : "s"
    }\n- ${problems.join("\n- ")}`,
    { hint: section.hint },
  );
}

/**
 * Parses a settings file's text for one section's reader.
 *
 * @throws {CiError} `too_large` beyond the settings file limit; `config` for a YAML error
 *   (with its line) or aliases expanding beyond the limit.
 * @example
 * ```ts
 * const file = parseSettingsFile("compare:\n  relative: 5%\n", "ci-orchestrator.yml", section);
 * file.where(["compare", "relative"]); // "compare.relative (line 2)"
 * ```
 */
export function parseSettingsFile(
  text: string,
  source: string,
  section: SettingsSection,
): SettingsFile {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_PRESETS_BYTES) {
    throw new CiError("too_large", `Cannot read ${source} as it is ${bytes} bytes`, {
      hint: `Keep it under ${MAX_PRESETS_BYTES} bytes.`,
    });
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw settingsError(source, section, [
      `YAML error at line ${e.linePos?.[0].line ?? 1}: ${e.message.split("\n")[0]}`,
    ]);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new CiError("config", `Cannot read ${source}: YAML refused`, {
      hint: "Aliases expanding to huge documents are refused; write the values out.",
      cause: error,
    });
  }
  return {
    data: data ?? {},
    where: (path) => {
      const line = lineOf(doc, counter, path);
      return `${path.map(String).join(".") || "(file)"}${line ? ` (line ${line})` : ""}`;
    },
  };
}

/**
 * Checks a parsed file against a schema; every issue becomes a problem naming its path and line.
 *
 * @throws {CiError} `config` listing every issue.
 * @example
 * ```ts
 * const parsed = checkSettings(file, FileSchema, source, section);
 * ```
 */
export function checkSettings<T>(
  file: SettingsFile,
  schema: z.ZodType<T>,
  source: string,
  section: SettingsSection,
): T {
  const parsed = schema.safeParse(file.data);
  if (!parsed.success) {
    // An unknown key is reported at its own line, not at the mapping that holds it, so a typo
    // three keys down is found at once.
    const problems = parsed.error.issues.flatMap((issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => `${file.where([...issue.path, key])}: unknown key '${key}'`)
        : [`${file.where(issue.path)}: ${issue.message}`]
    );
    throw settingsError(source, section, problems);
  }
  return parsed.data;
}

/** The settings file's text at a ref, with the name messages give it. */
export interface SettingsText {
  content: string;
  /** e.g. "acme/app .github/ci-orchestrator.yml". */
  source: string;
}

/**
 * Reads the repository's settings file at `ref` (the default branch when absent); no file,
 * `undefined`.
 *
 * @throws {CiError} whatever the provider throws.
 * @example
 * ```ts
 * const file = await readSettingsText(provider, "acme/app", "main");
 * file?.source; // "acme/app .github/ci-orchestrator.yml"
 * ```
 */
export async function readSettingsText(
  provider: CIProvider,
  repo: string,
  ref: string | undefined,
): Promise<SettingsText | undefined> {
  const file = await provider.readFile(repo, PRESETS_PATH, ref);
  return file ? { content: file.content, source: `${repo} ${PRESETS_PATH}` } : undefined;
}
