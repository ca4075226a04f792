/**
 * GitLab variables → GitHub `env`: predefined `CI_*` variables become what the table in
 * `gitlab_predefined.ts` says, and `$VAR` references inside variable values are expanded
 * (GitHub does not expand `env` values).
 *
 * @module
 */
import { isRawMap, type Raw } from "./gitlab_parse.ts";
import { computedRef, predefined } from "./gitlab_predefined.ts";
import { fieldRefs, replaceRefs } from "./gitlab_shell.ts";

/** Set by GitHub runners too (`CI=true`); need no mapping. */
const ALREADY_SET = new Set(["CI"]);

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

/** Where an expanded value is used: step outputs exist only inside steps. */
export interface ExpandOptions {
  /** The value is read by a step (step `env`, `with:`), so step outputs may be used. */
  inStep?: boolean;
}

/**
 * What a predefined variable becomes in a value, or null when it has no equivalent there.
 *
 * @example
 * ```ts
 * predefinedValue("CI_COMMIT_SHA", {}); // "${{ github.sha }}"
 * predefinedValue("CI_COMMIT_SHORT_SHA", { inStep: true }); // "${{ steps.gitlab.outputs.CI_COMMIT_SHORT_SHA }}"
 * ```
 */
export function predefinedValue(name: string, options: ExpandOptions): string | null {
  const row = predefined(name);
  if (row?.kind === "expression") return row.github!;
  if (row?.kind === "computed" && options.inStep) return computedRef(name);
  return null;
}

/**
 * Expands `$VAR` in a variable value: variables of the file (and per-job values) become their
 * (expanded) value, predefined ones what the table says; others stay as written and are
 * reported.
 *
 * @example
 * ```ts
 * expandValue("$CI_PROJECT_DIR/ccache", {}).text; // "${{ github.workspace }}/ccache"
 * ```
 */
export function expandValue(
  text: string,
  known: Record<string, string>,
  options: ExpandOptions = {},
  depth = 0,
): Expansion {
  const unmapped: string[] = [];
  const out = replaceRefs(text, fieldRefs(text, "sh"), (name) => {
    if (Object.hasOwn(known, name) && depth < 5) {
      const inner = expandValue(known[name], known, options, depth + 1);
      unmapped.push(...inner.unmapped);
      return inner.text;
    }
    const mapped = predefinedValue(name, options);
    if (mapped === null) unmapped.push(name);
    return mapped;
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
    const mapped = predefinedValue(lone[1], {});
    const inner = mapped && /^\$\{\{ (.*) \}\}$/.exec(mapped);
    return inner && !inner[1].includes("}}") ? `(${inner[1]})` : null;
  }
  if (value.includes("$")) return null;
  return `'${value.replaceAll("'", "''")}'`;
}
