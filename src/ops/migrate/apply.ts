/**
 * The pull request a migration becomes (the intent's typed `apply` step asks for it, bound by
 * its hash to the contents the preview showed). The branch is one per strategy and workflow
 * filter, so running the migration again updates the same pull request.
 *
 * @module
 */
import { sha256Hex } from "../../hash.ts";
import { type Intent, RepoSchema } from "../../intent/schema.ts";
import type { OpContext } from "../context.ts";
import type { MigrationResult } from "./model.ts";

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

/**
 * Whether a pull request can be opened: a GitHub repository (local files cannot).
 *
 * @example
 * ```ts
 * applicable("acme/app", ctx); // true on GitHub, false for `cli run --dir`
 * ```
 */
export const applicable = (repo: string, ctx: OpContext): boolean =>
  ctx.provider.name !== "local" && RepoSchema.safeParse(repo).success;

/**
 * The request as the Apply and Confirm buttons repeat it.
 *
 * @example
 * ```ts
 * buttonIntent({ op: "migrate", strategy: "actions", apply: { step: "preview" } }, "acme/app");
 * // { op: "migrate", repo: "acme/app", strategy: "actions" }
 * ```
 */
export const buttonIntent = (intent: Intent, repo: string) => ({
  op: "migrate" as const,
  repo,
  ...(intent.workflow ? { workflow: intent.workflow } : {}),
  ...(intent.ref ? { ref: intent.ref } : {}),
  ...(intent.strategy ? { strategy: intent.strategy } : {}),
  ...(intent.target ? { target: intent.target } : {}),
});
