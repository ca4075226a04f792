/**
 * Every static rule, in report order, plus the parse-level pseudo-rules.
 *
 * @module
 */
import type { Rule, RuleInfo } from "./rule.ts";
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

/** The checks run on every parsed file. */
export const CHECKS: readonly Rule[] = [
  scriptInjection,
  pullRequestTargetCheckout,
  needsInvalid,
  permissionsRule,
  unpinnedAction,
  deprecatedCommand,
  missingTimeout,
  missingConcurrency,
  setupWithoutCache,
  unneededFetchDepth,
];

/** Findings the parser itself produces, documented like rules. */
export const PARSE_RULES: readonly RuleInfo[] = [
  {
    id: "yaml-syntax",
    severity: "error",
    title: "YAML does not parse",
    rationale: "GitHub cannot load the file, so the workflow never runs.",
  },
  {
    id: "workflow-structure",
    severity: "error",
    title: "Workflow structure is invalid",
    rationale: "A workflow needs 'on' and a 'jobs' mapping whose jobs have runs-on or uses.",
  },
  {
    id: "file-too-large",
    severity: "error",
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
  ...CHECKS.map(({ id, severity, title, rationale }) => ({ id, severity, title, rationale })),
];

export type { Rule, RuleInfo };
