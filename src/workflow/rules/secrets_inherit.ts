/**
 * `secrets-inherit`: a reusable-workflow call that passes every secret of the caller.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { finding, type Rule } from "./rule.ts";

/**
 * The rule.
 *
 * @example
 * ```ts
 * secretsInherit.check(file).map((f) => f.job);
 * ```
 */
export const secretsInherit: Rule = {
  id: "secrets-inherit",
  severity: "warning",
  level: "default",
  confidence: "high",
  title: "Reusable workflow called with secrets: inherit",
  rationale:
    "`secrets: inherit` hands every repository and organisation secret to the called workflow, not just the ones it needs.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const out: Finding[] = [];
    for (const job of file.jobs) {
      if (!job.uses || job.secrets?.value.trim() !== "inherit") continue;
      out.push(finding(
        this,
        file,
        job.secrets.pos,
        `Job '${job.id}' calls '${job.uses.value}' with secrets: inherit, passing every secret ` +
          "the caller can read",
        {
          // No snippet here: this file does not say which secrets the callee declares;
          // `analyze` adds one from the callee when it is in the same repository.
          text:
            "List only the secrets the called workflow declares under `on.workflow_call.secrets`.",
        },
        job.id,
      ));
    }
    return out;
  },
};
