/**
 * GitLab `cache` and `artifacts` → `actions/cache` and `actions/upload-artifact` steps.
 *
 * @module
 */
import type { At, Audit } from "./gitlab_audit.ts";
import { parseDuration } from "./gitlab_keywords.ts";
import { isRawMap, type Raw, text } from "./gitlab_parse.ts";
import { pinnedUses } from "./pinned_actions.ts";

type Step = Record<string, unknown>;

const str = text;
const list = (v: Raw | undefined): string[] =>
  Array.isArray(v) ? v.map(str).filter(Boolean) : v === undefined || v === null ? [] : [str(v)];
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Resolves the variables of a step input (see `JobEnv.field`). */
export interface FieldResolver {
  field(text: string, what: string): string;
}

/**
 * Cache steps for a job's `cache:` (one entry or a list).
 *
 * @example
 * ```ts
 * cacheSteps({ key: "deps", paths: ["node_modules/"] }, jobEnv, at, audit);
 * // [{ uses: pinnedUses("actions/cache"), with: { path: "node_modules/", key: "deps-${{ github.run_id }}", … } }]
 * ```
 */
export function cacheSteps(
  value: Raw | undefined,
  vars: FieldResolver,
  at: At,
  audit: Audit,
): Step[] {
  if (value === undefined || value === null) return [];
  const entries = Array.isArray(value) ? value : [value];
  const steps: Step[] = [];
  for (const entry of entries) {
    if (!isRawMap(entry)) {
      audit.notConverted(at, "cache: entry of an unknown shape; not converted");
      continue;
    }
    const paths = list(entry.paths).map((p) => vars.field(p, "cache: paths"));
    if (entry.untracked === true) {
      audit.notConverted(at, "cache: untracked: true has no equivalent; list the paths");
    }
    if (paths.length === 0) {
      if (entry.untracked !== true) audit.notConverted(at, "cache: without paths; not converted");
      continue;
    }
    let key: string;
    let restore: string[];
    const k = entry.key;
    if (isRawMap(k)) {
      const files = list(k.files);
      const prefix = k.prefix !== undefined
        ? `${vars.field(str(k.prefix), "cache: key: prefix")}-`
        : "";
      key = `${prefix}\${{ hashFiles(${files.map(quote).join(", ")}) }}`;
      restore = [];
      audit.converted(at, "cache: key: files became a hashFiles() key");
    } else {
      // GitHub caches are immutable per key: a run-scoped suffix saves a fresh copy each run,
      // and the prefix restores the newest one, as GitLab's rolling cache does.
      const base = vars.field(k === undefined || k === null ? "default" : str(k), "cache: key");
      key = `gitlab-${base}-\${{ github.run_id }}`;
      restore = [`gitlab-${base}-`];
    }
    for (const fb of list(entry.fallback_keys)) {
      restore.push(`gitlab-${vars.field(fb, "cache: fallback_keys")}`);
    }
    const policy = str(entry.policy) || "pull-push";
    const uses = policy === "pull"
      ? pinnedUses("actions/cache/restore")
      : policy === "push"
      ? pinnedUses("actions/cache/save")
      : pinnedUses("actions/cache");
    if (!["pull", "push", "pull-push"].includes(policy)) {
      audit.notConverted(at, `cache: policy: ${policy} is not a known policy; pull-push used`);
    }
    const withs: Record<string, unknown> = { path: paths.join("\n"), key };
    if (restore.length && policy !== "push") withs["restore-keys"] = restore.join("\n");
    const step: Step = { name: "cache", uses, with: withs };
    if (entry.when !== undefined && entry.when !== "on_success") {
      audit.change(
        at,
        `cache: when: ${
          str(entry.when)
        } is not honoured: actions/cache saves only when the job succeeds`,
      );
    }
    for (const extra of ["unprotect"]) {
      if (entry[extra] !== undefined) audit.notConverted(at, `cache: ${extra} has no equivalent`);
    }
    audit.change(
      at,
      "cache became actions/cache: GitHub caches are scoped by branch and evicted after 7 days unused; the key gets a run suffix so each run saves a fresh copy",
    );
    steps.push(step);
  }
  return steps;
}

const REPORT_HINT = "publish it with a test-report or coverage action";

/**
 * The upload step for a job's `artifacts:`, or null when there is nothing to upload.
 *
 * @example
 * ```ts
 * uploadStep({ paths: ["dist/"], expire_in: "1 week" }, "build", jobEnv, at, audit);
 * // { uses: pinnedUses("actions/upload-artifact"), with: { name: "build", path: "dist/", "retention-days": 7 } }
 * ```
 */
export function uploadStep(
  value: Raw | undefined,
  name: string,
  vars: FieldResolver,
  at: At,
  audit: Audit,
): Step | null {
  if (value === undefined || value === null) return null;
  if (!isRawMap(value)) {
    audit.notConverted(at, "artifacts: has an unknown shape; not converted");
    return null;
  }
  if (isRawMap(value.reports)) {
    audit.notConverted(
      at,
      `artifacts: reports (${
        Object.keys(value.reports).join(", ")
      }) have no GitHub equivalent; ${REPORT_HINT}`,
    );
  }
  for (const key of ["expose_as", "untracked", "public", "access"]) {
    if (value[key] !== undefined) audit.notConverted(at, `artifacts: ${key} has no equivalent`);
  }
  const paths = list(value.paths).map((p) => vars.field(p, "artifacts: paths"));
  if (paths.length === 0) return null;
  const excluded = list(value.exclude).map((p) => `!${vars.field(p, "artifacts: exclude")}`);
  const withs: Record<string, unknown> = { name, path: [...paths, ...excluded].join("\n") };
  if (value.name !== undefined) {
    audit.change(
      at,
      `artifacts: name '${
        str(value.name)
      }' is not used: artifacts are named after the job ('${name}')`,
    );
  }
  if (value.expire_in !== undefined) {
    const text = str(value.expire_in);
    const secs = text.trim().toLowerCase() === "never" ? null : parseDuration(value.expire_in);
    if (secs === null) {
      audit.change(at, `artifacts: expire_in: ${text} → the repository's default retention`);
    } else {
      const days = Math.max(1, Math.ceil(secs / 86400));
      withs["retention-days"] = Math.min(days, 90);
      if (days > 90 || secs < 86400) {
        audit.change(
          at,
          `artifacts: expire_in: ${text} → retention-days ${
            withs["retention-days"]
          } (GitHub counts whole days, 1–90)`,
        );
      }
    }
  }
  const when = str(value.when) || "on_success";
  const step: Step = {
    name: "artifacts",
    uses: pinnedUses("actions/upload-artifact"),
    with: withs,
  };
  if (when === "always") step.if = "always()";
  else if (when === "on_failure") step.if = "failure()";
  audit.change(
    at,
    "artifacts became actions/upload-artifact: files are stored relative to the paths' common directory; check where dependent jobs expect them",
  );
  return step;
}

/**
 * Download steps for the artifacts of `sources` (artifact names from upload steps).
 *
 * @example
 * ```ts
 * downloadSteps([{ name: "build", matrix: false }]); // [{ uses: pinnedUses("actions/download-artifact"), with: { name: "build" } }]
 * ```
 */
export function downloadSteps(
  sources: { artifact: string; matrix: boolean; id: string }[],
): Step[] {
  return sources.map((s) =>
    s.matrix
      ? {
        name: `artifacts of ${s.id}`,
        uses: pinnedUses("actions/download-artifact"),
        with: { pattern: `${s.id}.*`, "merge-multiple": true },
      }
      : {
        name: `artifacts of ${s.id}`,
        uses: pinnedUses("actions/download-artifact"),
        with: { name: s.artifact },
      }
  );
}
