/**
 * `self-hosted-pr`: self-hosted runners on workflows that pull requests trigger, so code from a
 * fork can run on (and persist in) your own machine.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { runnerLabels } from "./facts.ts";
import { finding, type Rule } from "./rule.ts";

const PR_EVENTS = ["pull_request", "pull_request_target", "pull_request_review", "issue_comment"];
// A job-level guard that keeps forks out.
const FORK_GUARD = /head\.repo\.(full_name|fork)|github\.repository_owner|head_repository/;

/**
 * The rule.
 *
 * @example
 * ```ts
 * selfHostedPr.check(file).map((f) => f.job);
 * ```
 */
export const selfHostedPr: Rule = {
  id: "self-hosted-pr",
  severity: "warning",
  level: "pedantic",
  confidence: "medium",
  title: "Self-hosted runner used by pull request workflows",
  rationale:
    "A fork's pull request runs its own code on the runner; a self-hosted machine keeps what it leaves behind and sits in your network.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const events = file.triggers.map((t) => t.event).filter((e) => PR_EVENTS.includes(e));
    if (events.length === 0) return [];
    const out: Finding[] = [];
    for (const job of file.jobs) {
      const labels = runnerLabels(job.runsOn);
      if (!labels.some((l) => l.trim().toLowerCase() === "self-hosted")) continue;
      if (FORK_GUARD.test(job.if ?? "")) continue;
      out.push(finding(
        this,
        file,
        job.runsOnPos ?? job.pos,
        `Job '${job.id}' runs on self-hosted runner [${labels.join(", ")}] in a workflow ` +
          `triggered by ${events.join(", ")}, with no guard against forks`,
        {
          text: "Run fork pull requests on GitHub-hosted runners, or guard the job so only " +
            "branches of this repository reach the self-hosted runner.",
          patch:
            `${job.id}:\n  if: github.event.pull_request.head.repo.full_name == github.repository`,
        },
        job.id,
      ));
    }
    return out;
  },
};
