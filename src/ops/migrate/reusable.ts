/**
 * The `reusable` strategy: each job whose steps a catalog reusable workflow covers becomes a
 * calling job (`uses:` pinned, `with:`, `secrets:`), edited in place so triggers, other jobs
 * and comments stay byte-identical. A job that cannot be rewritten safely is kept and listed
 * with the reason; a rewrite that fails validation is undone the same way.
 *
 * @module
 */
import { parseDocument } from "yaml";
import { CiError } from "../../errors.ts";
import type { Finding } from "../../report/model.ts";
import { applyEdits, type Edit } from "../../workflow/edit.ts";
import type { Actionlint } from "../pull_requests/validate.ts";
import type { Catalog } from "./catalog.ts";
import type { FileChange, MigrationNote, MigrationResult } from "./model.ts";
import { type CallPlan, matchJob, type MatchResult, type RawJob } from "./reusable_match.ts";
import { validateChange } from "./validate.ts";

/** Options of {@linkcode migrateToReusable}. */
export interface ReusableOptions {
  catalog: Catalog;
  actionlint?: Actionlint;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** `owner/repo/.github/workflows/x.yml@<sha>` when the catalog pins one, else its ref. */
function callee(plan: CallPlan): { uses: string; ref: string; pinned: boolean } {
  const [path, ref] = plan.entry.uses.split("@");
  return plan.entry.sha
    ? { uses: `${path}@${plan.entry.sha}`, ref, pinned: true }
    : { uses: plan.entry.uses, ref, pinned: false };
}

function callEdits(jobId: string, plan: CallPlan, uses: string): Edit[] {
  const at = ["jobs", jobId];
  const edits: Edit[] = [{
    kind: "set",
    path: at,
    key: "uses",
    value: uses,
    after: ["runs-on", "if", "needs", "name"],
  }];
  if (Object.keys(plan.with).length > 0) {
    edits.push({ kind: "set", path: at, key: "with", value: plan.with, after: ["uses"] });
  }
  if (Object.keys(plan.secrets).length > 0) {
    const secrets = Object.fromEntries(
      Object.entries(plan.secrets).map(([callee, repo]) => [callee, `\${{ secrets.${repo} }}`]),
    );
    edits.push({ kind: "set", path: at, key: "secrets", value: secrets, after: ["with", "uses"] });
  }
  for (const key of plan.drop) edits.push({ kind: "delete", path: at, key });
  return edits;
}

function bestNoMatch(results: Array<[string, MatchResult]>): string {
  const candidates = results.filter(([, r]) => !r.ok && r.candidate);
  const pick = candidates[0] ?? results[0];
  if (!pick || pick[1].ok) return "no catalog workflow covers it";
  return candidates.length > 0
    ? `\`${pick[0]}\` would fit, but ${pick[1].reason}`
    : `no catalog workflow covers it (closest: ${pick[1].reason})`;
}

function jobLine(source: string, jobId: string): number | undefined {
  const doc = parseDocument(source);
  const jobs = doc.get("jobs", true);
  if (!jobs || typeof jobs !== "object" || !("items" in jobs)) return undefined;
  const items = (jobs as { items: Array<{ key: { value?: unknown; range?: number[] } }> }).items;
  const key = items.find((p) => String(p.key?.value) === jobId)?.key;
  if (!key?.range) return undefined;
  return source.slice(0, key.range[0]).split("\n").length;
}

/**
 * Rewrites one workflow file.
 *
 * @example
 * ```ts
 * const { change, notes } = rewriteWorkflow({ path, content }, { catalog, actionlint });
 * ```
 */
export function rewriteWorkflow(
  file: { path: string; content: string },
  options: ReusableOptions,
): { change?: FileChange; notes: MigrationNote[] } {
  const notes: MigrationNote[] = [];
  const note = (n: Omit<MigrationNote, "file">) => notes.push({ file: file.path, ...n });
  const doc = parseDocument(file.content, { uniqueKeys: true });
  let data: unknown;
  try {
    data = doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  } catch {
    data = undefined;
  }
  if (!isRecord(data) || !isRecord(data.jobs)) {
    note({ kind: "kept", message: "the file is not a workflow that parses; left untouched" });
    return { notes };
  }
  const entries = Object.entries(options.catalog.workflows);
  let text = file.content;
  for (const [jobId, raw] of Object.entries(data.jobs)) {
    const line = jobLine(file.content, jobId);
    const where = { job: jobId, ...(line ? { line } : {}) };
    if (!isRecord(raw)) continue;
    if (typeof raw.uses === "string") {
      note({ kind: "kept", ...where, message: `already calls \`${raw.uses}\`` });
      continue;
    }
    const results = entries.map(([id, entry]): [string, MatchResult] => [
      id,
      matchJob(raw as RawJob, id, entry, data as Record<string, unknown>),
    ]);
    const hit = results.find(([, r]) => r.ok)?.[1];
    if (!hit?.ok) {
      note({ kind: "kept", ...where, message: bestNoMatch(results) });
      continue;
    }
    const plan = hit.plan;
    const target = callee(plan);
    let next: string;
    try {
      next = applyEdits(text, callEdits(jobId, plan, target.uses));
    } catch (error) {
      const reason = error instanceof CiError ? error.message : String(error);
      note({ kind: "kept", ...where, message: `it could not be edited in place: ${reason}` });
      continue;
    }
    if (target.pinned) {
      next = next.replace(`uses: ${target.uses}\n`, `uses: ${target.uses} # ${target.ref}\n`);
    }
    const accept = (f: Finding) =>
      !target.pinned && f.ruleId === "unpinned-action" && f.message.includes(target.uses);
    const check = validateChange({ path: file.path, before: text, after: next }, {
      actionlint: options.actionlint,
      accept,
    });
    if (check.problems.length > 0) {
      note({
        kind: "kept",
        ...where,
        message: `the rewrite did not validate: ${check.problems.join("; ")}`,
      });
      continue;
    }
    text = next;
    const passed = Object.keys(plan.secrets);
    note({
      kind: "replaced",
      ...where,
      message: `job \`${jobId}\` now calls \`${plan.catalogId}\` (${target.uses.split("@")[0]}@` +
        `${target.pinned ? `${plan.entry.sha!.slice(0, 12)}… = ${target.ref}` : target.ref})` +
        (passed.length ? `, passing secrets ${passed.map((s) => `\`${s}\``).join(", ")}` : ""),
    });
    if (!target.pinned) {
      note({
        kind: "behaviour-change",
        ...where,
        message: `\`${plan.catalogId}\` is referenced by \`${target.ref}\`, a movable ref: add ` +
          "its commit `sha:` to the catalog to pin it",
      });
    }
    for (const message of plan.changes) note({ kind: "behaviour-change", ...where, message });
  }
  return {
    ...(text !== file.content
      ? { change: { path: file.path, before: file.content, after: text } }
      : {}),
    notes,
  };
}

/**
 * The strategy over a repository's workflow files.
 *
 * @example
 * ```ts
 * const result = migrateToReusable(files, { catalog, actionlint });
 * result.files.map((f) => f.path); // [".github/workflows/ci.yml"]
 * ```
 */
export function migrateToReusable(
  files: ReadonlyArray<{ path: string; content: string }>,
  options: ReusableOptions,
): MigrationResult {
  const result: MigrationResult = { strategy: "reusable", files: [], notes: [] };
  if (Object.keys(options.catalog.workflows).length === 0) {
    throw new CiError("config", "The catalog lists no reusable workflows", {
      hint: "Add entries under `workflows:` (see docs/catalog.example.yml), or use " +
        "strategy:actions.",
    });
  }
  for (const file of files) {
    const { change, notes } = rewriteWorkflow(file, options);
    if (change) result.files.push(change);
    result.notes.push(...notes);
  }
  return result;
}
