/**
 * `artipacked`: `actions/checkout` keeps the job's token in `.git/config` unless told
 * `persist-credentials: false`; a later `upload-artifact` of the workspace then publishes the
 * token to everyone who can download the artifact (zizmor's `artipacked`, same levels: the
 * checkout-then-upload pair is a finding, a lone checkout or an explicit
 * `persist-credentials: true` is advice).
 *
 * @module
 */
import { isScalar } from "yaml";
import type { Finding } from "../../report/model.ts";
import { type Step, stepGroups, type WorkflowFile } from "../model.ts";
import { actionOf, stepLabel } from "./facts.ts";
import { finding, pedantic, type Rule } from "./rule.ts";

const FIX = {
  text: "Set `persist-credentials: false` on the checkout; steps that push can pass the token " +
    "themselves.",
  patch: "with:\n  persist-credentials: false",
};

/** True when an upload's `path:` names the whole workspace (`.`, `..`, `github.workspace`). */
function uploadsWorkspace(step: Step): boolean {
  const path = step.with["path"]?.value;
  if (path === undefined) return false;
  return path.split("\n").map((p) => p.trim()).some((p) =>
    [".", "./", "..", "../"].includes(p) ||
    (/^\$\{\{[\s\S]*\}\}$/.test(p) && p.includes("github.workspace"))
  );
}

/** True when the step's whole `with:` is one expression, which hides `persist-credentials`. */
function dynamicWith(file: WorkflowFile, job: string | undefined, step: Step): boolean {
  const base = file.kind === "workflow" ? ["jobs", job ?? ""] : ["runs"];
  const node = file.doc.getIn([...base, "steps", step.index, "with"], true);
  return isScalar(node) && /\$\{\{/.test(String(node.value));
}

/**
 * The rule.
 *
 * @example
 * ```ts
 * artipacked.check(file).map((f) => f.line);
 * ```
 */
export const artipacked: Rule = {
  id: "artipacked",
  severity: "warning",
  level: "default",
  confidence: "high",
  title: "Checkout credentials can leak through an uploaded artifact",
  rationale:
    "actions/checkout writes the job token into .git/config; uploading the workspace as an artifact hands that token to anyone who can download it.",
  check(file) {
    const out: Finding[] = [];
    for (const group of stepGroups(file)) {
      const job = group.job?.id;
      const checkouts: { step: Step; advice: boolean }[] = [];
      const uploads: Step[] = [];
      for (const step of group.steps) {
        const action = actionOf(step);
        if (!action || !step.uses) continue;
        if (dynamicWith(file, job, step)) {
          if (action === "actions/checkout") {
            out.push(pedantic({
              ...finding(
                this,
                file,
                step.uses.pos,
                `${stepLabel(step)} checks out with a computed \`with:\`, which may not set ` +
                  "`persist-credentials: false`",
                { text: "List the inputs under `with:`, with `persist-credentials: false`." },
                job,
              ),
              severity: "notice",
            }));
          }
          continue;
        }
        if (action === "actions/checkout") {
          const persist = step.with["persist-credentials"]?.value.trim();
          if (persist === "false") continue;
          // An explicit `true` or an expression is the author's choice: advice only, like zizmor.
          checkouts.push({ step, advice: persist !== undefined });
        } else if (action === "actions/upload-artifact" && uploadsWorkspace(step)) {
          uploads.push(step);
        }
      }
      for (const { step, advice } of checkouts) {
        const upload = uploads.find((u) => u.index > step.index);
        const message = upload
          ? `${stepLabel(step)} keeps the job token in .git/config and ` +
            `${
              stepLabel(upload).toLowerCase()
            } uploads the workspace as an artifact, token included`
          : `${stepLabel(step)} keeps the job token in .git/config, where any later step or ` +
            "artifact of the workspace can read it";
        const f = finding(this, file, step.uses!.pos, message, FIX, job);
        out.push(upload && !advice ? f : pedantic(upload ? f : { ...f, severity: "notice" }));
      }
    }
    return out;
  },
};
