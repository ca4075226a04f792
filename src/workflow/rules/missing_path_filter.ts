/**
 * `missing-path-filter`: a heavy workflow (many jobs or matrix legs) that runs on every pull
 * request, whatever it changes, with neither `paths`/`paths-ignore` nor a change-detection job.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { actionOf, matrixLegs } from "./facts.ts";
import { finding, type Rule } from "./rule.ts";

/** Job runs (matrix legs included) from which a workflow counts as heavy. */
export const HEAVY_JOB_RUNS = 10;

// Legs assumed for a matrix computed by an expression.
const UNKNOWN_LEGS = 2;

const CHANGE_DETECTION = [
  "dorny/paths-filter",
  "tj-actions/changed-files",
  "step-security/changed-files",
  "marceloprado/has-changed-path",
  "fkirc/skip-duplicate-actions",
];
const DIFF_COMMAND = /git\s+diff\b[^\n]*--(name-only|name-status|quiet|exit-code)/;

/** The top-level `&&` clauses of an expression, or none when `||` joins anything at top level. */
function conjuncts(expr: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === "'") quoted = !quoted;
    if (quoted) continue;
    if (c === "(") depth++;
    if (c === ")") depth--;
    const two = expr.slice(i, i + 2);
    if (depth === 0 && two === "||") return [];
    if (depth === 0 && two === "&&") {
      out.push(expr.slice(start, i));
      start = i + 2;
    }
  }
  return [...out, expr.slice(start)].map((c) => c.trim());
}

/**
 * True when a job's `if:` surely skips it on `event`: a top-level clause that requires another
 * event, or (for pull requests) a branch or tag ref, which a pull request run never has.
 *
 * @example
 * ```ts
 * skippedOn("pull_request", "github.event_name == 'push' && github.repository == 'a/b'"); // true
 * skippedOn("pull_request", "github.event_name == 'push' || inputs.force"); // false
 * ```
 */
export function skippedOn(event: string, condition: string | undefined): boolean {
  if (!condition) return false;
  const expr = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  return conjuncts(expr).some((clause) => {
    const is = clause.match(/^github\.event_name\s*==\s*'([\w-]+)'$/);
    if (is) return is[1] !== event;
    if (new RegExp(`^github\\.event_name\\s*!=\\s*'${event}'$`).test(clause)) return true;
    return event === "pull_request" &&
      (/^github\.ref\s*==\s*'refs\/(heads|tags)\//.test(clause) ||
        /^startsWith\(\s*github\.ref\s*,\s*'refs\/(heads|tags)\//.test(clause));
  });
}

const filtered = (config: unknown) =>
  config !== null && typeof config === "object" &&
  ("paths" in config || "paths-ignore" in config);

/**
 * The rule.
 *
 * @example
 * ```ts
 * missingPathFilter.check(file)[0]?.message;
 * ```
 */
export const missingPathFilter: Rule = {
  id: "missing-path-filter",
  severity: "notice",
  level: "pedantic",
  confidence: "low",
  title: "Heavy workflow runs on every change without a path filter",
  rationale:
    "A docs-only change then pays for the whole matrix; `paths-ignore` or a change-detection job skips what the change cannot affect.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const trigger = file.triggers.find((t) => t.event === "pull_request") ??
      file.triggers.find((t) => t.event === "push");
    if (!trigger || filtered(trigger.config)) return [];
    const detects = file.jobs.some((job) =>
      job.steps.some((s) => {
        const action = actionOf(s);
        return (action && CHANGE_DETECTION.some((a) => action.startsWith(a))) ||
          (s.run !== undefined && DIFF_COMMAND.test(s.run.value));
      })
    );
    if (detects) return [];
    // Jobs their `if:` skips on this event cost nothing, whatever the change.
    const jobs = file.jobs.filter((job) => !skippedOn(trigger.event, job.if));
    const runs = jobs.reduce(
      (sum, job) => sum + (job.uses ? 1 : matrixLegs(job.matrix) ?? UNKNOWN_LEGS),
      0,
    );
    if (runs < HEAVY_JOB_RUNS) return [];
    const out: Finding[] = [finding(
      this,
      file,
      trigger.pos,
      `Every ${trigger.event} starts ${runs} job runs (${jobs.length} job${
        jobs.length === 1 ? "" : "s"
      } with their ` +
        "matrix legs) with no paths/paths-ignore filter and no change-detection job",
      {
        text:
          `Add \`paths-ignore\` for files that cannot affect the build to \`${trigger.event}\`, ` +
          "or gate heavy jobs on a `dorny/paths-filter` job.",
        patch: `${trigger.event}:\n  paths-ignore:\n    - "**.md"\n    - "docs/**"`,
      },
    )];
    return out;
  },
};
