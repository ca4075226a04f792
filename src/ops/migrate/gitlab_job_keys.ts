/**
 * Job keywords converted on their own: `parallel`, `needs`, `timeout`, the checkout's `GIT_*`
 * variables, `rules: variables`, and the keywords only audited.
 *
 * @module
 */
import type { At, Audit } from "./gitlab_audit.ts";
import { matrixProduct, parseDuration } from "./gitlab_keywords.ts";
import { isRawMap, type Raw, type RawMap, text } from "./gitlab_parse.ts";
import { valueOperand } from "./gitlab_vars.ts";
import { pinnedUses } from "./pinned_actions.ts";

/** A GitHub step. */
export type Step = Record<string, unknown>;

const str = text;

/**
 * `parallel:` → a strategy matrix and the keys it sets.
 *
 * @example
 * ```ts
 * parallel({ parallel: 3 }, at, audit).nodeTotal; // 3
 * ```
 */
export function parallel(
  c: RawMap,
  at: (k?: string) => At,
  audit: Audit,
): { strategy?: Record<string, unknown>; keys: string[]; nodeTotal?: number } {
  const p = c.parallel;
  if (p === undefined || p === null) return { keys: [] };
  if (typeof p === "number" && Number.isInteger(p) && p >= 1 && p <= 256) {
    audit.converted(
      at("parallel"),
      `parallel: ${p} became a matrix of ${p} jobs with CI_NODE_INDEX/CI_NODE_TOTAL`,
    );
    return {
      strategy: {
        "fail-fast": false,
        matrix: { ci_node_index: Array.from({ length: p }, (_, i) => i + 1) },
      },
      keys: [],
      nodeTotal: p,
    };
  }
  if (isRawMap(p) && Array.isArray(p.matrix)) {
    const include: Record<string, string>[] = [];
    for (const entry of p.matrix) {
      const rows = matrixProduct(entry);
      if (!rows) {
        audit.notConverted(
          at("parallel"),
          "parallel: matrix entry of an unknown shape; the matrix was not converted",
        );
        return { keys: [] };
      }
      include.push(...rows);
    }
    const keys = [...new Set(include.flatMap((r) => Object.keys(r)))];
    if (
      include.length === 0 || include.length > 256 ||
      keys.some((k) => !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k))
    ) {
      audit.notConverted(
        at("parallel"),
        "parallel: matrix is empty, larger than 256 jobs or uses keys GitHub cannot name; not converted",
      );
      return { keys: [] };
    }
    audit.converted(
      at("parallel"),
      `parallel: matrix became strategy.matrix.include with ${include.length} combinations`,
    );
    return { strategy: { "fail-fast": false, matrix: { include } }, keys };
  }
  audit.notConverted(at("parallel"), "parallel: has an unknown shape; not converted");
  return { keys: [] };
}

/**
 * The checkout step as `GIT_STRATEGY`, `GIT_DEPTH` and `GIT_SUBMODULE_STRATEGY` ask; null for none.
 *
 * @example
 * ```ts
 * checkoutStep({ GIT_DEPTH: "1" }, at, audit); // { uses: "actions/checkout@<sha>", with: { "fetch-depth": 1 } }
 * ```
 */
export function checkoutStep(vars: Record<string, string>, at: At, audit: Audit): Step | null {
  if (vars.GIT_STRATEGY === "none" || vars.GIT_STRATEGY === "empty") {
    audit.converted(at, `GIT_STRATEGY: ${vars.GIT_STRATEGY} → no checkout step`);
    return null;
  }
  const withs: Record<string, unknown> = {};
  const sub = vars.GIT_SUBMODULE_STRATEGY;
  if (sub === "normal") withs.submodules = true;
  if (sub === "recursive") withs.submodules = "recursive";
  const depth = vars.GIT_DEPTH;
  if (depth !== undefined && /^\d+$/.test(depth)) withs["fetch-depth"] = Number(depth);
  for (const k of Object.keys(vars)) {
    if (
      k.startsWith("GIT_") && !["GIT_STRATEGY", "GIT_SUBMODULE_STRATEGY", "GIT_DEPTH"].includes(k)
    ) {
      audit.notConverted(at, `${k} has no actions/checkout equivalent`);
    }
  }
  return Object.keys(withs).length
    ? { uses: pinnedUses("actions/checkout"), with: withs }
    : { uses: pinnedUses("actions/checkout") };
}

/**
 * `needs:` entries of this pipeline, or null to follow stages.
 *
 * @example
 * ```ts
 * needsOf(["build"], at, audit); // [{ job: "build", artifacts: true }]
 * ```
 */
export function needsOf(
  value: Raw | undefined,
  at: At,
  audit: Audit,
): { job: string; artifacts: boolean }[] | null {
  if (value === undefined) return null;
  const list = Array.isArray(value) ? value : [value];
  const out: { job: string; artifacts: boolean }[] = [];
  for (const n of list) {
    if (typeof n === "string") out.push({ job: n, artifacts: true });
    else if (
      isRawMap(n) && typeof n.job === "string" && n.pipeline === undefined &&
      n.project === undefined
    ) {
      out.push({ job: n.job, artifacts: n.artifacts !== false });
      if (n.optional === true) {
        audit.change(at, `needs: ${n.job} is optional; it is dropped when the job does not exist`);
      }
    } else {audit.notConverted(
        at,
        "needs: entry from another pipeline or project (or of an unknown shape) was not converted",
      );}
  }
  return out;
}

/**
 * Audits the keywords that have no equivalent.
 *
 * @example
 * ```ts
 * auditRest({ retry: 2 }, at, audit, "test"); // audit gets "retry has no job-level equivalent…"
 * ```
 */
export function auditRest(c: RawMap, at: (k?: string) => At, audit: Audit, name: string) {
  if (c.retry !== undefined) {
    audit.notConverted(
      at("retry"),
      "retry has no job-level equivalent in GitHub Actions (re-run failed jobs manually or retry inside the script)",
    );
  }
  if (c.coverage !== undefined) {
    audit.notConverted(
      at("coverage"),
      `coverage: ${
        str(c.coverage)
      } (coverage regex) has no equivalent; publish coverage with a reporting action`,
    );
  }
  if (c.release !== undefined) {
    audit.notConverted(
      at("release"),
      "release: was not converted; create releases with 'gh release create' or a release action",
    );
  }
  if (c.hooks !== undefined) audit.notConverted(at("hooks"), "hooks: was not converted");
  if (c.secrets !== undefined) {
    audit.notConverted(
      at("secrets"),
      "secrets: (external secret managers) was not converted; use repository secrets or the provider's action",
    );
  }
  if (name === "pages" || c.pages !== undefined) {
    audit.notConverted(
      at(c.pages !== undefined ? "pages" : undefined),
      "GitLab Pages publishing was not converted; use actions/upload-pages-artifact and actions/deploy-pages",
    );
  }
  for (const key of ["dast_configuration", "identity", "manual_confirmation"]) {
    if (c[key] !== undefined) audit.notConverted(at(key), `${key}: was not converted`);
  }
  if (c.start_in !== undefined && c.when !== "delayed") {
    audit.notConverted(at("start_in"), "start_in: has no equivalent");
  }
  if (Array.isArray(c.dependencies) && c.dependencies.length === 0) {
    audit.converted(at("dependencies"), "dependencies: [] → no artifacts are downloaded");
  }
}

/**
 * `cond1 && 'a' || cond2 && 'b' || fallback`: the first matching rule's value, as GitLab picks.
 *
 * @example
 * ```ts
 * ruleVarExpression([{ cond: "github.ref_type == 'tag'", value: "1" }], "0"); // "${{ (github.ref_type == 'tag') && '1' || '0' }}"
 * ```
 */
export function ruleVarExpression(
  choices: { cond: string | null; value: string }[],
  fallback: string | undefined,
): string | null {
  const terms: string[] = [];
  for (const c of choices) {
    const operand = valueOperand(c.value);
    if (operand === null) return null;
    terms.push(c.cond ? `(${c.cond}) && ${operand}` : operand);
    if (!c.cond) break;
  }
  const tail = fallback === undefined ? "''" : valueOperand(fallback) ?? "''";
  return `\${{ ${[...terms, tail].join(" || ")} }}`;
}

/** GitLab's job timeout when neither the job nor `default:` sets one (a project setting). */
export const GITLAB_DEFAULT_TIMEOUT_MINUTES = 60;
/** The longest a job on a GitHub-hosted runner may run. */
const HOSTED_MAX_MINUTES = 360;

/**
 * `timeout-minutes` for a job: its own (or `default:`) `timeout:`, else GitLab's 60 minutes;
 * capped at 360 on GitHub-hosted runners.
 *
 * @example
 * ```ts
 * timeoutMinutes({ timeout: "1h 30m" }, false, at, audit); // 90
 * timeoutMinutes({}, false, at, audit); // 60
 * ```
 */
export function timeoutMinutes(
  c: RawMap,
  selfHosted: boolean,
  at: (k?: string) => At,
  audit: Audit,
): number {
  const fallback = (why: string) => {
    audit.converted(
      at(c.timeout === undefined ? undefined : "timeout"),
      `${why}: timeout-minutes is GitLab's default of ${GITLAB_DEFAULT_TIMEOUT_MINUTES} minutes; if the project's settings (CI/CD → General pipelines → Timeout) or the runner set another, change it`,
    );
    return GITLAB_DEFAULT_TIMEOUT_MINUTES;
  };
  if (c.timeout === undefined) return fallback("The job sets no timeout");
  const secs = parseDuration(c.timeout);
  if (secs === null) {
    audit.notConverted(
      at("timeout"),
      `timeout: ${str(c.timeout)} is not a duration understood here`,
    );
    return fallback(`timeout: ${str(c.timeout)} was not understood`);
  }
  const minutes = Math.max(1, Math.ceil(secs / 60));
  if (!selfHosted && minutes > HOSTED_MAX_MINUTES) {
    audit.change(
      at("timeout"),
      `timeout: ${
        str(c.timeout)
      } is more than a GitHub-hosted job may run; timeout-minutes is ${HOSTED_MAX_MINUTES}`,
    );
    return HOSTED_MAX_MINUTES;
  }
  return minutes;
}
