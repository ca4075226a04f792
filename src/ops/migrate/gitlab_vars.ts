/**
 * GitLab variables → GitHub `env`: predefined `CI_*` variables become `github.*` contexts, and
 * `$VAR` references inside variable values are expanded (GitHub does not expand `env` values).
 *
 * @module
 */
import { isRawMap, type Raw } from "./gitlab_parse.ts";

/** Predefined GitLab variables with a GitHub expression of the same meaning. */
export const PREDEFINED: Record<string, string> = {
  CI_COMMIT_SHA: "${{ github.sha }}",
  CI_COMMIT_REF_NAME: "${{ github.head_ref || github.ref_name }}",
  CI_COMMIT_REF_SLUG: "${{ github.head_ref || github.ref_name }}",
  CI_COMMIT_BRANCH:
    "${{ github.event_name != 'pull_request' && github.ref_type == 'branch' && github.ref_name || '' }}",
  CI_COMMIT_TAG: "${{ github.ref_type == 'tag' && github.ref_name || '' }}",
  CI_COMMIT_BEFORE_SHA: "${{ github.event.before }}",
  CI_COMMIT_MESSAGE: "${{ github.event.head_commit.message }}",
  CI_PROJECT_DIR: "${{ github.workspace }}",
  CI_BUILDS_DIR: "${{ github.workspace }}",
  CI_PROJECT_NAME: "${{ github.event.repository.name }}",
  CI_PROJECT_PATH: "${{ github.repository }}",
  CI_PROJECT_NAMESPACE: "${{ github.repository_owner }}",
  CI_PROJECT_URL: "${{ github.server_url }}/${{ github.repository }}",
  CI_REPOSITORY_URL: "${{ github.server_url }}/${{ github.repository }}.git",
  CI_DEFAULT_BRANCH: "${{ github.event.repository.default_branch }}",
  CI_PIPELINE_ID: "${{ github.run_id }}",
  CI_PIPELINE_IID: "${{ github.run_number }}",
  CI_PIPELINE_URL:
    "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}",
  CI_PIPELINE_SOURCE: "${{ github.event_name }}",
  CI_JOB_NAME: "${{ github.job }}",
  CI_JOB_NAME_SLUG: "${{ github.job }}",
  CI_JOB_STAGE: "${{ github.job }}",
  CI_SERVER_URL: "${{ github.server_url }}",
  CI_API_V4_URL: "${{ github.api_url }}",
  CI_MERGE_REQUEST_IID: "${{ github.event.pull_request.number }}",
  CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "${{ github.base_ref }}",
  CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: "${{ github.head_ref }}",
  CI_MERGE_REQUEST_DIFF_BASE_SHA: "${{ github.event.pull_request.base.sha }}",
  CI_MERGE_REQUEST_TITLE: "${{ github.event.pull_request.title }}",
  GITLAB_USER_LOGIN: "${{ github.actor }}",
  CI_JOB_TOKEN: "${{ github.token }}",
};

/** Mapped, but a reviewer should know the meaning shifts. */
export const APPROXIMATE: Record<string, string> = {
  CI_JOB_STAGE: "GitHub has no stages: it holds the job id",
  CI_PIPELINE_SOURCE: "holds GitHub event names (push, pull_request…), not GitLab's",
  CI_API_V4_URL: "points at the GitHub REST API, which is not GitLab's API",
  CI_JOB_TOKEN: "is the GITHUB_TOKEN, with this workflow's permissions",
  CI_COMMIT_REF_SLUG: "is not slugified",
  CI_JOB_NAME_SLUG: "is the job id, not a slug of the GitLab job name",
};

/** Set by GitHub runners too (`CI=true`); need no mapping. */
const ALREADY_SET = new Set(["CI"]);

const REF =
  /\$(?:\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}|env:([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Names of variables a text refers to (`$X`, `${X}`, PowerShell `$env:X`).
 *
 * @example
 * ```ts
 * referencedVars("echo $CI_COMMIT_SHA ${HOME}"); // ["CI_COMMIT_SHA", "HOME"]
 * ```
 */
export function referencedVars(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(REF)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/**
 * Predefined GitLab variables: `CI_*` and `GITLAB_*` (not `CI`, which GitHub sets too).
 *
 * @example
 * ```ts
 * isPredefined("CI_COMMIT_SHA"); // true
 * ```
 */
export function isPredefined(name: string): boolean {
  return (name.startsWith("CI_") || name.startsWith("GITLAB_")) && !ALREADY_SET.has(name);
}

/**
 * A variable's value as written (`VAR: x` or `VAR: { value: x, … }`); null for other shapes.
 *
 * @example
 * ```ts
 * variableValue({ value: "1", expand: false }); // { value: "1", expand: false }
 * ```
 */
export function variableValue(raw: Raw): { value: string; expand: boolean } | null {
  if (raw === null) return { value: "", expand: true };
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") {
    return { value: String(raw), expand: true };
  }
  if (isRawMap(raw)) {
    const v = raw.value;
    const value = v === undefined || v === null ? "" : typeof v === "object" ? null : String(v);
    if (value === null) return null;
    return { value, expand: raw.expand !== false };
  }
  return null;
}

/** What {@linkcode expandValue} could not expand. */
export interface Expansion {
  text: string;
  unmapped: string[];
}

/**
 * Expands `$VAR` in a variable value: predefined variables become `${{ github.* }}`, known
 * variables their (expanded) value, others stay as written and are reported.
 *
 * @example
 * ```ts
 * expandValue("$CI_PROJECT_DIR/ccache", {}).text; // "${{ github.workspace }}/ccache"
 * ```
 */
export function expandValue(text: string, known: Record<string, string>, depth = 0): Expansion {
  const unmapped: string[] = [];
  const out = text.replace(REF, (whole, a, b, c) => {
    const name = (a ?? b ?? c) as string;
    if (name in PREDEFINED) return PREDEFINED[name];
    if (Object.hasOwn(known, name) && depth < 5) {
      const inner = expandValue(known[name], known, depth + 1);
      unmapped.push(...inner.unmapped);
      return inner.text;
    }
    unmapped.push(name);
    return whole;
  });
  return { text: out, unmapped };
}

/**
 * A variable value as an expression operand: a quoted literal, or the context a lone
 * predefined variable maps to; null when it mixes text and variables.
 *
 * @example
 * ```ts
 * valueOperand("$CI_COMMIT_SHA"); // "github.sha"
 * valueOperand("HEAD^1"); // "'HEAD^1'"
 * ```
 */
export function valueOperand(value: string): string | null {
  const lone = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value);
  if (lone) {
    const mapped = PREDEFINED[lone[1]];
    const inner = mapped && /^\$\{\{ (.*) \}\}$/.exec(mapped);
    return inner && !inner[1].includes("}}") ? `(${inner[1]})` : null;
  }
  if (value.includes("$")) return null;
  return `'${value.replaceAll("'", "''")}'`;
}
