/**
 * The `compare:` section of `.github/ci-orchestrator.yml`: how large a significant change must
 * be before `compare` calls it meaningful rather than small.
 *
 * ```yaml
 * compare:
 *   min-effect: 5s   # absolute floor of the practical threshold (s or m; default 1s)
 *   relative: 5%     # share of the baseline median (default 5%)
 * ```
 *
 * Units are required: `min-effect: 5` could mean seconds or minutes, and `relative: 5` 5 % or
 * 500 %, so both are errors that say what to write. Unknown keys are errors too. Other
 * top-level keys of the file are left to their own readers.
 *
 * @module
 */
import { z } from "zod";
import type { CIProvider } from "../providers/port.ts";
import { PRESETS_PATH } from "./presets.ts";
import {
  checkSettings,
  parseSettingsFile,
  readSettingsText,
  type SettingsSection,
} from "./settings_file.ts";

/** The parsed `compare:` section. */
export interface CompareConfig {
  /** Absolute floor of the practical threshold, in ms. */
  minEffectMs: number;
  /** Share of the baseline median, 0–1. */
  relative: number;
  /** Where the section was read, e.g. "acme/app .github/ci-orchestrator.yml at main"; absent
   * when there was none and these are the defaults. */
  source?: string;
  /** Where the section was looked for, found or not (set by {@linkcode loadCompareConfig}). */
  lookedIn?: string;
}

/** What `compare` uses without a `compare:` section (the same as the threshold's defaults). */
export const DEFAULT_COMPARE_CONFIG: CompareConfig = { minEffectMs: 1_000, relative: 0.05 };

// A GitHub job runs at most 6 hours (self-hosted: 5 days); a floor beyond that hides everything.
const MAX_MIN_EFFECT_MS = 6 * 3600 * 1000;

const MinEffectSchema = z.string({ error: "write a duration with its unit, e.g. 5s or 1m" })
  .regex(/^\s*(?:\d+(?:\.\d+)?\s*m)?\s*(?:\d+(?:\.\d+)?\s*s)?\s*$/, {
    error: "write a duration with its unit, e.g. 5s, 1m or 1m 30s",
  })
  .refine((text) => /\d/.test(text), { error: "write a duration, e.g. 5s or 1m" })
  .transform((text) => {
    const minutes = /(\d+(?:\.\d+)?)\s*m/.exec(text)?.[1];
    const seconds = /(\d+(?:\.\d+)?)\s*s/.exec(text)?.[1];
    return Math.round((Number(minutes ?? 0) * 60 + Number(seconds ?? 0)) * 1000);
  })
  .refine((ms) => ms <= MAX_MIN_EFFECT_MS, { error: "at most 6h (360m)" });

const RelativeSchema = z.string({ error: "write a percentage, e.g. 5%" })
  .regex(/^\s*\d+(?:\.\d+)?\s*%\s*$/, { error: "write a percentage, e.g. 5%" })
  .transform((text) => Number(text.replace("%", "").trim()) / 100)
  .refine((share) => share <= 1, { error: "at most 100%" });

const CompareSchema = z.strictObject({
  "min-effect": MinEffectSchema.optional(),
  relative: RelativeSchema.optional(),
});

const FileSchema = z.object({ compare: CompareSchema.nullish() }).loose();

const SECTION: SettingsSection = {
  name: "compare",
  hint: "The compare section takes min-effect (a duration with its unit, e.g. 5s or 1m) and " +
    "relative (a percentage, e.g. 5%); see docs/compare.md.",
};

/**
 * Parses the `compare:` section of a `ci-orchestrator.yml` text. No section, the defaults
 * (without a source).
 *
 * @throws {CiError} `config` naming every problem with its key and line (unknown keys, values
 *   without a unit, out of range); `too_large` beyond the settings file limit.
 * @example
 * ```ts
 * const config = parseCompareConfig("compare:\n  min-effect: 1m\n", "ci-orchestrator.yml");
 * config.minEffectMs; // 60_000
 * ```
 */
export function parseCompareConfig(text: string, source: string): CompareConfig {
  const file = parseSettingsFile(text, source, SECTION);
  const section = checkSettings(file, FileSchema, source, SECTION).compare;
  if (!section) return DEFAULT_COMPARE_CONFIG;
  return {
    minEffectMs: section["min-effect"] ?? DEFAULT_COMPARE_CONFIG.minEffectMs,
    relative: section.relative ?? DEFAULT_COMPARE_CONFIG.relative,
    source,
  };
}

/**
 * Reads the repository's compare settings at `ref` (the default branch when absent); no file
 * or no section, the defaults. The source names the ref it was read at.
 *
 * @throws {CiError} as {@linkcode parseCompareConfig}, and whatever the provider throws.
 * @example
 * ```ts
 * const config = await loadCompareConfig(provider, "acme/app", "main");
 * config.lookedIn; // "acme/app .github/ci-orchestrator.yml at main"
 * ```
 */
export async function loadCompareConfig(
  provider: CIProvider,
  repo: string,
  ref: string | undefined,
): Promise<CompareConfig> {
  const file = await readSettingsText(provider, repo, ref);
  const lookedIn = `${repo} ${PRESETS_PATH} ${ref ? `at ${ref}` : "on the default branch"}`;
  if (!file) return { ...DEFAULT_COMPARE_CONFIG, lookedIn };
  return { ...parseCompareConfig(file.content, lookedIn), lookedIn };
}
