/**
 * Every static rule, in report order, plus the parse-level pseudo-rules.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { Confidence, Level, RepoRule, Rule, RuleInfo } from "./rule.ts";
import { missingTimeout } from "./missing_timeout.ts";
import { missingConcurrency } from "./missing_concurrency.ts";
import { unpinnedAction } from "./unpinned_action.ts";
import { permissionsRule } from "./permissions.ts";
import { setupWithoutCache } from "./setup_without_cache.ts";
import { scriptInjection } from "./script_injection.ts";
import { pullRequestTargetCheckout } from "./pull_request_target_checkout.ts";
import { deprecatedCommand } from "./deprecated_command.ts";
import { unneededFetchDepth } from "./unneeded_fetch_depth.ts";
import { needsInvalid } from "./needs_invalid.ts";
import { unsoundCondition } from "./unsound_condition.ts";
import { secretsInherit } from "./secrets_inherit.ts";
import { githubEnv } from "./github_env.ts";
import { cachePoisoning } from "./cache_poisoning.ts";
import { unpinnedImage } from "./unpinned_image.ts";
import { frequentSchedule } from "./frequent_schedule.ts";
import { shortJob } from "./short_job.ts";
import { missingPathFilter } from "./missing_path_filter.ts";
import { deprecatedRunner } from "./deprecated_runner.ts";
import { outdatedAction } from "./outdated_action.ts";
import { selfHostedPr } from "./self_hosted_pr.ts";
import { dangerousTrigger } from "./dangerous_trigger.ts";
import { continueOnError } from "./continue_on_error.ts";
import { excessiveTimeout } from "./excessive_timeout.ts";
import { insecureCommands } from "./insecure_commands.ts";
import { overprovisionedSecrets } from "./overprovisioned_secrets.ts";
import { duplicatedJob } from "./duplicated_job.ts";
import { artipacked } from "./artipacked.ts";
import { botConditions } from "./bot_conditions.ts";
import { unredactedSecrets } from "./unredacted_secrets.ts";
import { hardcodedContainerCredentials } from "./hardcoded_container_credentials.ts";
import { obfuscation } from "./obfuscation.ts";
import { invalidUses } from "./invalid_uses.ts";

/** The checks run on every parsed file. */
export const CHECKS: readonly Rule[] = [
  scriptInjection,
  githubEnv,
  pullRequestTargetCheckout,
  insecureCommands,
  unsoundCondition,
  deprecatedRunner,
  needsInvalid,
  permissionsRule,
  dangerousTrigger,
  selfHostedPr,
  secretsInherit,
  overprovisionedSecrets,
  unredactedSecrets,
  hardcodedContainerCredentials,
  botConditions,
  artipacked,
  invalidUses,
  obfuscation,
  cachePoisoning,
  unpinnedAction,
  unpinnedImage,
  outdatedAction,
  deprecatedCommand,
  continueOnError,
  missingTimeout,
  excessiveTimeout,
  missingConcurrency,
  setupWithoutCache,
  unneededFetchDepth,
  missingPathFilter,
  frequentSchedule,
  shortJob,
];

/** The checks that need every file of the repository at once. */
export const REPO_RULES: readonly RepoRule[] = [duplicatedJob];

/** Findings the parser itself produces, documented like rules. */
export const PARSE_RULES: readonly RuleInfo[] = [
  {
    id: "yaml-syntax",
    severity: "error",
    level: "default",
    confidence: "high",
    title: "YAML does not parse",
    rationale: "GitHub cannot load the file, so the workflow never runs.",
  },
  {
    id: "workflow-structure",
    severity: "error",
    level: "default",
    confidence: "high",
    title: "Workflow structure is invalid",
    rationale: "A workflow needs 'on' and a 'jobs' mapping whose jobs have runs-on or uses.",
  },
  {
    id: "file-too-large",
    severity: "error",
    level: "default",
    confidence: "high",
    title: "File too large to analyse",
    rationale: "Files over 1 MiB are refused to bound memory and time.",
  },
];

/**
 * Public description of every rule (id, severity, title, rationale).
 *
 * @example
 * ```ts
 * RULES.find((r) => r.id === "missing-timeout")?.severity; // "warning"
 * ```
 */
export const RULES: readonly RuleInfo[] = [
  ...PARSE_RULES,
  ...[...CHECKS, ...REPO_RULES].map((
    { id, severity, title, rationale, level, confidence },
  ) => ({ id, severity, title, rationale, level, confidence })),
];

const LEVELS = new Map(RULES.map((rule) => [rule.id, rule.level]));

/**
 * The level of a rule's findings; `default` for ids no static rule owns (history findings).
 *
 * @example
 * ```ts
 * ruleLevel("missing-timeout"); // "pedantic"
 * ruleLevel("script-injection"); // "default"
 * ```
 */
export function ruleLevel(ruleId: string): Level {
  return LEVELS.get(ruleId) ?? "default";
}

/**
 * The level of one finding: its own when its rule emits both kinds (a tag-pinned image is
 * `pedantic`, an untagged one `default`), else its rule's.
 *
 * @example
 * ```ts
 * findings.filter((f) => findingLevel(f) === "default");
 * ```
 */
export function findingLevel(f: Finding): "default" | "pedantic" {
  return f.level ?? ruleLevel(f.ruleId);
}

export type { Confidence, Level, RepoRule, Rule, RuleInfo };
