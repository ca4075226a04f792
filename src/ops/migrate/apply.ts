/**
 * `migrate` targets and the pull request a migration becomes. `target:` names the catalog, an
 * apply preview (`apply`, `apply:<catalog>`), or a confirmed apply bound to the contents it
 * was shown for (`apply-confirmed:<hash>[:<catalog>]`). The branch is one per strategy and
 * workflow filter, so running the migration again updates the same pull request.
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import { sha256Hex } from "../pull_request.ts";
import type { MigrationResult } from "./model.ts";

/** What a `migrate` intent's `target` asks for. */
export type MigrateTarget =
  | { kind: "propose"; catalog?: string }
  | { kind: "preview"; catalog?: string }
  | { kind: "confirmed"; hash: string; catalog?: string };

/**
 * Reads the target.
 *
 * @throws {CiError} `bad_request` for a confirmation without a valid hash.
 * @example
 * ```ts
 * parseMigrateTarget("apply:acme/tools"); // { kind: "preview", catalog: "acme/tools" }
 * parseMigrateTarget("apply-confirmed:3fa9c2e1d0aa"); // { kind: "confirmed", hash: "3fa9c2e1d0aa" }
 * parseMigrateTarget(undefined); // { kind: "propose" }
 * ```
 */
export function parseMigrateTarget(target: string | undefined): MigrateTarget {
  const t = target?.trim() ?? "";
  const confirmed = /^apply-confirmed(?::(.*))?$/i.exec(t);
  if (confirmed) {
    const [hash = "", ...rest] = (confirmed[1] ?? "").split(":");
    if (!/^[0-9a-f]{6,64}$/.test(hash)) {
      throw new CiError("bad_request", "This confirmation carries no valid content hash", {
        hint: "Run `migrate … target:apply` again and press Confirm.",
      });
    }
    const catalog = rest.join(":");
    return { kind: "confirmed", hash, ...(catalog ? { catalog } : {}) };
  }
  const preview = /^apply(?::(.+))?$/i.exec(t);
  if (preview) return { kind: "preview", ...(preview[1] ? { catalog: preview[1] } : {}) };
  return { kind: "propose", ...(t ? { catalog: t } : {}) };
}

/** The pull request a migration becomes. */
export interface MigrationPlan {
  /** Short SHA-256 of the files' current contents: a confirmation is valid only for these. */
  contentHash: string;
  branch: string;
  title: string;
  body: string;
}

const COUNTED = ["replaced", "extracted", "converted", "kept", "not-converted"] as const;

/**
 * Names the change: content hash, branch, title and body.
 *
 * @example
 * ```ts
 * const plan = await planMigration(result, { workflow: undefined });
 * plan.branch; // "ci-orchestrator/migrate-reusable"
 * ```
 */
export async function planMigration(
  result: MigrationResult,
  scope: { workflow?: string },
): Promise<MigrationPlan> {
  const contentHash = (await sha256Hex(
    result.files.map((c) => `${c.path}\0${c.before ?? "\u0001new"}\0${c.after}`).join("\0"),
  )).slice(0, 12);
  const suffix = scope.workflow
    ? `-${scope.workflow.replace(/^.*\//, "").replace(/\.ya?ml$/i, "").replace(/[^\w.-]+/g, "-")}`
    : "";
  const count = (kind: string) => result.notes.filter((n) => n.kind === kind).length;
  const what = result.strategy === "gitlab"
    ? "convert GitLab CI to GitHub Actions"
    : result.strategy === "actions"
    ? "extract repeated steps into composite actions"
    : "use shared reusable workflows";
  const counts = COUNTED.filter((k) => count(k) > 0).map((k) => `${count(k)} ${k}`).join(", ");
  const body = [
    `Proposed by ci-orchestrator \`migrate strategy:${result.strategy}\`: ${counts}.`,
    "",
    ...result.notes.filter((n) => n.kind !== "kept").map((n) =>
      `- **${n.kind}** ${n.file}${n.line ? `:${n.line}` : ""}${n.job ? ` (${n.job})` : ""}: ` +
      n.message
    ),
    "",
    "Every file was checked: it parses, actionlint reports no new error, our rules report " +
    "nothing new, and triggers and secrets exposure are unchanged. Review the behaviour " +
    "changes above.",
  ].join("\n");
  return {
    contentHash,
    branch: `ci-orchestrator/migrate-${result.strategy}${suffix}`,
    title: `ci: ${what} (${result.files.length} file${result.files.length === 1 ? "" : "s"})`,
    body: body.length > 60_000 ? `${body.slice(0, 60_000)}\n…` : body,
  };
}
