/**
 * The repository's own practical-size settings for `compare` (the `compare:` section of
 * `.github/ci-orchestrator.yml`), read at the baseline's ref and carried with the words that
 * say where they came from, so the report's method section can name it.
 *
 * @module
 */
import type { CIProvider } from "../../providers/port.ts";
import { type CompareConfig, loadCompareConfig } from "../../workflow/compare_config.ts";
import type { NoiseThreshold } from "./threshold.ts";

/** The settings a comparison uses, and where they came from. */
export interface CompareSettings {
  noiseThreshold: NoiseThreshold;
  /** e.g. "set in the compare section of acme/app .github/ci-orchestrator.yml at main". */
  origin: string;
}

/**
 * The threshold settings of a parsed section, with their origin in words.
 *
 * @example
 * ```ts
 * settingsOf({ minEffectMs: 60_000, relative: 0.05, source: "acme/app … at main" }).origin;
 * // "set in the compare section of acme/app … at main"
 * ```
 */
export function settingsOf(config: CompareConfig): CompareSettings {
  const origin = config.source
    ? `set in the compare section of ${config.source}`
    : config.lookedIn
    ? `the defaults: there is no compare section in ${config.lookedIn}`
    : "the defaults";
  return {
    noiseThreshold: { absoluteMs: config.minEffectMs, relative: config.relative },
    origin,
  };
}

/**
 * Reads the repository's compare settings at `ref` (the default branch when absent).
 *
 * @throws {CiError} `config` for a wrong `compare:` section, and whatever the provider throws.
 * @example
 * ```ts
 * const settings = await compareSettings(provider, "acme/app", "main");
 * compareSamples(a, b, { noiseThreshold: settings.noiseThreshold });
 * ```
 */
export async function compareSettings(
  provider: CIProvider,
  repo: string,
  ref: string | undefined,
): Promise<CompareSettings> {
  return settingsOf(await loadCompareConfig(provider, repo, ref));
}
