/**
 * `pull-request-target-checkout`: a `pull_request_target` workflow that checks out the PR's
 * code, running a fork's code with the base repository's secrets and write token.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { parseUses } from "../uses.ts";
import { finding, posWithin, type Rule } from "./rule.ts";

// Refs that resolve to the contributor's code rather than the base branch.
const PR_HEAD = [
  /github\.event\.pull_request\.head\.(sha|ref)/i,
  /github\.event\.pull_request\.merge_commit_sha/i,
  /github\.head_ref/i,
  /refs\/pull\//i,
];
// The same, done by hand in a script.
const SCRIPT_CHECKOUT =
  /(git\s+(fetch|checkout|switch)\b[^\n]*(refs\/pull\/|head\.(sha|ref)|head_ref))|gh\s+pr\s+checkout/i;

/**
 * The rule.
 *
 * @example
 * ```ts
 * pullRequestTargetCheckout.check(file).length;
 * ```
 */
export const pullRequestTargetCheckout: Rule = {
  id: "pull-request-target-checkout",
  severity: "error",
  level: "default",
  confidence: "high",
  title: "pull_request_target workflow checks out the pull request head",
  rationale:
    "pull_request_target runs with secrets and a write token; building a fork's code hands them over.",
  check(file) {
    if (file.kind !== "workflow") return [];
    if (!file.triggers.some((t) => t.event === "pull_request_target")) return [];
    const out: Finding[] = [];
    const fix = {
      text: "Check out the base branch only (drop `ref:`, keep credentials out), or move the " +
        "build to an `on: pull_request` workflow and pass results on with `on: workflow_run`.",
      patch: "- uses: actions/checkout@<sha>\n  with:\n    persist-credentials: false",
    };
    for (const job of file.jobs) {
      for (const step of job.steps) {
        const uses = step.uses ? parseUses(step.uses.value) : undefined;
        const ref = step.with["ref"];
        if (uses?.kind === "remote" && uses.action === "actions/checkout" && ref) {
          if (PR_HEAD.some((re) => re.test(ref.value))) {
            out.push(finding(
              this,
              file,
              ref.pos,
              `Job '${job.id}' checks out the pull request head (ref: ${ref.value}) ` +
                "in a pull_request_target workflow",
              fix,
              job.id,
            ));
          }
        }
        const m = step.run?.value.match(SCRIPT_CHECKOUT);
        if (step.run && m) {
          out.push(finding(
            this,
            file,
            posWithin(file, step.run, m[0]),
            `Job '${job.id}' fetches the pull request head ('${m[0].trim()}') ` +
              "in a pull_request_target workflow",
            fix,
            job.id,
          ));
        }
      }
    }
    return out;
  },
};
