/**
 * `permissions`: the GITHUB_TOKEN scope is left to the repository default, or set to write-all.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { Permissions } from "../model.ts";
import { finding, type Rule } from "./rule.ts";

const isWriteAll = (p: Permissions | undefined) => p?.value === "write-all";

/**
 * The rule: one finding when the workflow sets no top-level `permissions` and some job sets
 * none either (naming those jobs), one per `write-all`. Workflows triggered only by
 * `workflow_call` are spared the first kind: the caller's permissions apply.
 *
 * @example
 * ```ts
 * permissionsRule.check(file).map((f) => f.message);
 * ```
 */
export const permissionsRule: Rule = {
  id: "permissions",
  severity: "warning",
  level: "default",
  confidence: "high",
  title: "Missing or write-all permissions",
  rationale:
    "Without explicit permissions the GITHUB_TOKEN gets the repository default, often write access.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const out: Finding[] = [];
    const writeAllFix = {
      text: "Replace `write-all` with read access, and grant each job only the write scopes it " +
        "needs.",
      patch: "permissions:\n  contents: read",
    };
    if (isWriteAll(file.permissions)) {
      out.push(finding(
        this,
        file,
        file.permissions!.pos,
        "Workflow permissions are 'write-all': every job's token can write to every scope",
        writeAllFix,
      ));
    }
    for (const job of file.jobs) {
      if (!isWriteAll(job.permissions)) continue;
      out.push(finding(
        this,
        file,
        job.permissions!.pos,
        `Job '${job.id}' permissions are 'write-all': its token can write to every scope`,
        writeAllFix,
        job.id,
      ));
    }
    // A workflow only ever called by others runs with the token its caller grants (a callee can
    // only narrow it), so the caller is the place to set permissions.
    const calledOnly = file.triggers.length > 0 &&
      file.triggers.every((t) => t.event === "workflow_call");
    if (!file.permissions && !calledOnly) {
      const bare = file.jobs.filter((job) => !job.permissions).map((job) => job.id);
      if (bare.length > 0) {
        const shown = bare.slice(0, 5).map((id) => `'${id}'`).join(", ") +
          (bare.length > 5 ? ` and ${bare.length - 5} more` : "");
        out.push(finding(
          this,
          file,
          file.onPos,
          `No top-level permissions, and job${bare.length > 1 ? "s" : ""} ${shown} set none: ` +
            "the token gets the repository default",
          {
            text: "Set read-only top-level `permissions`, and grant write scopes per job where " +
              "needed.",
            patch: "permissions:\n  contents: read",
          },
        ));
      }
    }
    return out;
  },
};
