/**
 * actionlint's error kinds as our rules: `actionlint/<kind>`, each with a severity and a level.
 * The kinds that are real bugs (type errors in expressions, undefined matrix properties, invalid
 * `uses:`, unknown permissions, broken syntax) are `default`; advice and the kinds most often
 * wrong on current workflows are `pedantic`. `shellcheck` and `pyflakes` run external programs,
 * which the WASM build cannot, so they never fire.
 *
 * @module
 */
import type { Severity } from "../../report/model.ts";
import type { Confidence, Level, RuleInfo } from "../rules/rule.ts";

/** The prefix of every actionlint rule id. */
export const ACTIONLINT_PREFIX = "actionlint/";

interface KindInfo {
  severity: Severity;
  level: Level;
  confidence: Confidence;
  title: string;
  rationale: string;
}

const KINDS: Record<string, KindInfo> = {
  "syntax-check": {
    severity: "error",
    level: "default",
    confidence: "high",
    title: "Workflow syntax GitHub rejects (actionlint)",
    rationale: "Missing or unexpected keys and wrong value types make GitHub refuse the workflow.",
  },
  expression: {
    severity: "error",
    level: "default",
    confidence: "high",
    title: "Expression or context error (actionlint)",
    rationale: "Undefined properties, wrong types or contexts used where they are not available " +
      "evaluate to empty or fail the run.",
  },
  matrix: {
    severity: "error",
    level: "default",
    confidence: "high",
    title: "Matrix include/exclude that matches nothing (actionlint)",
    rationale: "An exclude or include that matches no combination is a typo GitHub ignores or " +
      "rejects.",
  },
  action: {
    severity: "error",
    level: "default",
    confidence: "high",
    title: "Invalid `uses:` or action inputs (actionlint)",
    rationale:
      "A malformed `uses:` or an unknown or missing input of a known action fails the step.",
  },
  permissions: {
    severity: "error",
    level: "default",
    confidence: "high",
    title: "Unknown permission scope or value (actionlint)",
    rationale: "GitHub rejects a workflow whose permissions name an unknown scope or access.",
  },
  "job-needs": {
    severity: "error",
    level: "default",
    confidence: "high",
    title: "needs: names a missing job or a cycle (actionlint)",
    rationale: "GitHub rejects a workflow whose jobs depend on unknown jobs or on each other.",
  },
  "workflow-call": {
    severity: "error",
    level: "default",
    confidence: "high",
    title: "Reusable workflow call or definition error (actionlint)",
    rationale: "Wrong inputs, secrets or outputs of a reusable workflow fail the calling run.",
  },
  events: {
    severity: "error",
    level: "default",
    confidence: "medium",
    title: "Unknown event, event type or filter (actionlint)",
    rationale: "A misspelt trigger or filter means the workflow never runs when expected.",
  },
  glob: {
    severity: "error",
    level: "default",
    confidence: "high",
    title: "Invalid glob in a filter (actionlint)",
    rationale: "A broken branch, tag or path pattern matches nothing.",
  },
  id: {
    severity: "error",
    level: "default",
    confidence: "high",
    title: "Duplicate or invalid job or step id (actionlint)",
    rationale: "GitHub rejects duplicate ids and ids that are not valid names.",
  },
  "env-var": {
    severity: "error",
    level: "default",
    confidence: "high",
    title: "Invalid environment variable name (actionlint)",
    rationale: "A name with spaces or `=` cannot be set, so the step does not see it.",
  },
  "shell-name": {
    severity: "error",
    level: "default",
    confidence: "high",
    title: "Unknown shell name (actionlint)",
    rationale: "A shell the runner does not have fails the step.",
  },
  "if-cond": {
    severity: "warning",
    level: "default",
    confidence: "high",
    title: "if: that is always true (actionlint)",
    rationale: "Text around `${{ }}` makes the condition a non-empty string, which is always true.",
  },
  credentials: {
    severity: "warning",
    level: "default",
    confidence: "high",
    title: "Hard-coded container credentials (actionlint)",
    rationale: "A password written in the workflow is readable by everyone with read access.",
  },
  "runner-label": {
    severity: "warning",
    level: "pedantic",
    confidence: "medium",
    title: "Unknown or conflicting runner label (actionlint)",
    rationale: "Unknown labels are usually self-hosted ones (declare them in the analyze " +
      "settings); retired GitHub images are our deprecated-runner.",
  },
  "deprecated-commands": {
    severity: "warning",
    level: "pedantic",
    confidence: "high",
    title: "Deprecated workflow command (actionlint)",
    rationale: "set-output, save-state, set-env and add-path are disabled or going away; our " +
      "deprecated-command reports the same at the default level.",
  },
};

const OTHER: KindInfo = {
  severity: "warning",
  level: "pedantic",
  confidence: "low",
  title: "Other actionlint finding",
  rationale: "A kind of actionlint error this version of ci-orchestrator does not classify yet.",
};

/**
 * The rule id, severity and level of an actionlint kind; unknown kinds are pedantic warnings.
 *
 * @example
 * ```ts
 * kindInfo("expression").level; // "default"
 * ```
 */
export function kindInfo(kind: string): KindInfo & { id: string } {
  return { id: `${ACTIONLINT_PREFIX}${kind}`, ...(KINDS[kind] ?? OTHER) };
}

/**
 * Every actionlint rule as a rule description, for settings, ignore comments, SARIF and reports.
 *
 * @example
 * ```ts
 * ACTIONLINT_RULES.some((r) => r.id === "actionlint/matrix"); // true
 * ```
 */
export const ACTIONLINT_RULES: readonly RuleInfo[] = Object.keys(KINDS).map((kind) => {
  const { id, severity, level, confidence, title, rationale } = kindInfo(kind);
  return { id, severity, level, confidence, title, rationale };
});
