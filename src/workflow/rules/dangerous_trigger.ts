/**
 * `dangerous-trigger`: `pull_request_target` and `workflow_run` jobs that run scripts or check
 * out code with no `if:` restricting who can trigger them.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { actionOf } from "./facts.ts";
import { finding, type Rule } from "./rule.ts";

const DANGEROUS = ["pull_request_target", "workflow_run"];

const GUARDS: Record<string, string> = {
  pull_request_target: "github.event.pull_request.head.repo.full_name == github.repository",
  workflow_run: "github.event.workflow_run.conclusion == 'success' && " +
    "github.event.workflow_run.head_repository.full_name == github.repository",
};

/**
 * The rule: one finding per workflow, naming the unguarded jobs.
 *
 * @example
 * ```ts
 * dangerousTrigger.check(file)[0]?.message;
 * ```
 */
export const dangerousTrigger: Rule = {
  id: "dangerous-trigger",
  severity: "warning",
  // On real workflows the unguarded jobs were mostly deliberate and safe (a checkout of the
  // default branch, a label bot); the unsafe case, building the fork's head, is
  // `pull-request-target-checkout`'s. So this one is advice.
  level: "pedantic",
  confidence: "medium",
  title: "pull_request_target or workflow_run job without a guard",
  rationale:
    "These triggers run with the base repository's secrets and write token on events any fork can cause; unguarded jobs are the usual entry point.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const trigger = file.triggers.find((t) => DANGEROUS.includes(t.event));
    if (!trigger) return [];
    const open = file.jobs.filter((job) =>
      !job.if && !job.uses &&
      job.steps.some((s) => s.run !== undefined || actionOf(s) === "actions/checkout")
    );
    if (open.length === 0) return [];
    const out: Finding[] = [finding(
      this,
      file,
      trigger.pos,
      `Workflow triggered by ${trigger.event} runs job${open.length === 1 ? "" : "s"} ` +
        `${open.map((j) => `'${j.id}'`).join(", ")} (scripts or a checkout) with no if: guard`,
      {
        text: "Prefer `pull_request`; otherwise guard each job with an `if:` limiting it to " +
          "trusted sources and keep `permissions` minimal.",
        patch: `${open[0].id}:\n  if: ${GUARDS[trigger.event]}`,
      },
      open[0].id,
    )];
    return out;
  },
};
