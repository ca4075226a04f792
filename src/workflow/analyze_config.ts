/**
 * The `analyze:` section of `.github/ci-orchestrator.yml` (the file the presets come from):
 *
 * ```yaml
 * analyze:
 *   level: default            # or pedantic: also the findings most projects do not act on
 *   rules:
 *     missing-timeout: off    # off | error | warning | notice
 *     unpinned-action: error
 *   ignore:                   # files not analysed: paths or globs (*, **, ?)
 *     - .github/workflows/legacy-*.yml
 *   self-hosted-runner:
 *     labels: [gpu, arm64-large]
 * ```
 *
 * Unknown keys and unknown rule ids are errors that name them: a typo must not silently turn a
 * rule back on. Other top-level keys of the file are left to their own readers.
 *
 * @module
 */
import { z } from "zod";
import type { CIProvider } from "../providers/port.ts";
import {
  checkSettings,
  parseSettingsFile,
  readSettingsText,
  settingsError,
  type SettingsSection,
} from "./settings_file.ts";

/** How much `analyze` shows: `pedantic` adds the findings most projects do not act on. */
export const LevelSchema = z.enum(["default", "pedantic"]);
/** A finding level. */
export type Level = z.infer<typeof LevelSchema>;

/** What a `rules:` entry does: turn the rule off, or report it at this severity. */
export const RuleSettingSchema = z.enum(["off", "error", "warning", "notice"]);
/** A rule setting. */
export type RuleSetting = z.infer<typeof RuleSettingSchema>;

const AnalyzeSchema = z.strictObject({
  level: LevelSchema.default("default"),
  rules: z.record(z.string().min(1).max(100), RuleSettingSchema).default({}),
  ignore: z.array(z.string().min(1).max(300)).max(200).default([]),
  "self-hosted-runner": z.strictObject({
    labels: z.array(z.string().min(1).max(100)).max(100).default([]),
  }).optional(),
});

const FileSchema = z.object({ analyze: AnalyzeSchema.nullish() }).loose();

/** The parsed `analyze:` section. */
export interface AnalyzeConfig {
  level: Level;
  rules: Readonly<Record<string, RuleSetting>>;
  /** Paths or globs of files not analysed. */
  ignore: readonly string[];
  /** Labels of the repository's own runners. */
  selfHostedLabels: readonly string[];
  /** Where it was read, for messages; absent for the defaults. */
  source?: string;
}

/** What `analyze` does without a configuration. */
export const DEFAULT_ANALYZE_CONFIG: AnalyzeConfig = {
  level: "default",
  rules: {},
  ignore: [],
  selfHostedLabels: [],
};

const SECTION: SettingsSection = {
  name: "analyze",
  hint: "The analyze section takes level (default|pedantic), rules ({rule-id: off|error|" +
    "warning|notice}), ignore (a list of paths or globs) and self-hosted-runner.labels; " +
    "see docs/ci-gate.md.",
};

/**
 * Parses the `analyze:` section of a `ci-orchestrator.yml` text. No section, the defaults.
 *
 * @throws {CiError} `config` naming every problem with its path and line (unknown keys, unknown
 *   rule ids, wrong values); `too_large` beyond the presets file limit.
 * @example
 * ```ts
 * const config = parseAnalyzeConfig("analyze:\n  rules:\n    missing-timeout: off\n", "ci-orchestrator.yml", ["missing-timeout"]);
 * config.rules["missing-timeout"]; // "off"
 * ```
 */
export function parseAnalyzeConfig(
  text: string,
  source: string,
  knownRules: readonly string[],
): AnalyzeConfig {
  const file = parseSettingsFile(text, source, SECTION);
  const section = checkSettings(file, FileSchema, source, SECTION).analyze;
  if (!section) return { ...DEFAULT_ANALYZE_CONFIG, source };
  const known = new Set(knownRules);
  const unknown = Object.keys(section.rules).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw settingsError(
      source,
      SECTION,
      unknown.map((id) => `${file.where(["analyze", "rules", id])}: '${id}' is not a rule id`),
    );
  }
  return {
    level: section.level,
    rules: section.rules,
    ignore: section.ignore,
    selfHostedLabels: section["self-hosted-runner"]?.labels ?? [],
    source,
  };
}

/**
 * Reads the repository's analyze settings at `ref`; no file or no section, the defaults.
 *
 * @throws {CiError} as {@linkcode parseAnalyzeConfig}, and whatever the provider throws.
 * @example
 * ```ts
 * const config = await loadAnalyzeConfig(provider, "acme/app", undefined, RULES.map((r) => r.id));
 * ```
 */
export async function loadAnalyzeConfig(
  provider: CIProvider,
  repo: string,
  ref: string | undefined,
  knownRules: readonly string[],
): Promise<AnalyzeConfig> {
  const file = await readSettingsText(provider, repo, ref);
  if (!file) return DEFAULT_ANALYZE_CONFIG;
  return parseAnalyzeConfig(file.content, file.source, knownRules);
}

/**
 * A glob as a whole-path regular expression: `**` any depth, `*` and `?` within one segment; a
 * pattern ending in `/` (or naming a folder) covers everything below it.
 *
 * @example
 * ```ts
 * globToRegExp(".github/workflows/legacy-*.yml").test(".github/workflows/legacy-a.yml"); // true
 * ```
 */
export function globToRegExp(glob: string): RegExp {
  const clean = glob.trim().replace(/^\.\//, "").replace(/\/+$/, "/**");
  let re = "";
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === "*" && clean[i + 1] === "*") {
      const slash = clean[i + 2] === "/";
      re += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

/**
 * Whether `path` matches one of the configuration's `ignore` entries.
 *
 * @example
 * ```ts
 * isIgnored(".github/workflows/old.yml", { ...DEFAULT_ANALYZE_CONFIG, ignore: ["**\/old.yml"] }); // true
 * ```
 */
export function isIgnored(path: string, config: AnalyzeConfig): boolean {
  return config.ignore.some((glob) => globToRegExp(glob).test(path));
}
