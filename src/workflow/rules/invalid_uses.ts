/**
 * `invalid-uses`: a `uses:` GitHub cannot resolve, so the workflow fails before any step runs —
 * an action without `@ref` or with an empty owner, repository or ref, an empty `docker://`, an
 * expression (never evaluated there), or a reusable-workflow call that is not
 * `owner/repo/.github/workflows/<file>.yml@ref` or `./.github/workflows/<file>.yml` (the checks
 * actionlint makes and zizmor refuses to load).
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { type Located, stepGroups } from "../model.ts";
import { stepLabel } from "./facts.ts";
import { finding, inlineCode, type Rule } from "./rule.ts";

const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/** Why a step's `uses:` is invalid, or undefined. */
function stepProblem(value: string): string | undefined {
  if (value.includes("${{")) return "expressions are not evaluated in `uses:`";
  // `../` is not documented, but GitHub's own runner resolves it; not ours to reject.
  if (value.startsWith("./") || value.startsWith("../")) return undefined;
  if (value.startsWith("docker://")) {
    return value.length > "docker://".length ? undefined : "the image is empty";
  }
  return remoteProblem(value);
}

function remoteProblem(value: string): string | undefined {
  // `$/.github/workflows/x.yml` is written by release generators (cargo-dist) and is not ours to
  // judge: the labelled set holds one that ships that way.
  if (value.startsWith("$/")) return undefined;
  if (/\s/.test(value)) return "it contains whitespace";
  const at = value.lastIndexOf("@");
  if (at < 0) return "the `@ref` is missing";
  if (at === value.length - 1) return "the ref after `@` is empty";
  const [owner, repo] = value.slice(0, at).split("/");
  if (!owner) return "the owner is empty";
  if (!repo) return "the repository is missing";
  return undefined;
}

/** Why a job's reusable-workflow `uses:` is invalid, or undefined. */
function callProblem(value: string): string | undefined {
  if (value.startsWith("$/")) return undefined;
  if (value.includes("${{")) return "expressions are not evaluated in `uses:`";
  if (value.startsWith("./")) {
    return WORKFLOW_FILE.test(value.slice(2))
      ? undefined
      : "a local workflow must be `./.github/workflows/<file>.yml`";
  }
  const problem = remoteProblem(value);
  if (problem) return problem;
  const path = value.slice(0, value.lastIndexOf("@")).split("/").slice(2).join("/");
  return WORKFLOW_FILE.test(path)
    ? undefined
    : "a called workflow must be `owner/repo/.github/workflows/<file>.yml@ref`";
}

/**
 * The rule.
 *
 * @example
 * ```ts
 * invalidUses.check(file).map((f) => f.message);
 * ```
 */
export const invalidUses: Rule = {
  id: "invalid-uses",
  severity: "error",
  level: "default",
  confidence: "high",
  title: "uses: that GitHub cannot resolve",
  rationale:
    "GitHub rejects the whole workflow when a `uses:` is malformed, so nothing in it runs.",
  check(file) {
    const out: Finding[] = [];
    const report = (uses: Located<string>, where: string, why: string, job?: string) =>
      out.push(finding(
        this,
        file,
        uses.pos,
        `${where} has uses: ${inlineCode(uses.value)}, which GitHub cannot resolve: ${why}`,
        {
          text: "Write `owner/repo[/path]@ref` (pinned to a commit SHA), `./path` or " +
            "`docker://image`; a reusable workflow is " +
            "`owner/repo/.github/workflows/<file>.yml@ref` or `./.github/workflows/<file>.yml`.",
        },
        job,
      ));
    if (file.kind === "workflow") {
      for (const job of file.jobs) {
        const why = job.uses && callProblem(job.uses.value.trim());
        if (job.uses && why) report(job.uses, `Job '${job.id}'`, why, job.id);
      }
    }
    for (const group of stepGroups(file)) {
      for (const step of group.steps) {
        const why = step.uses && stepProblem(step.uses.value.trim());
        if (step.uses && why) report(step.uses, stepLabel(step), why, group.job?.id);
      }
    }
    return out;
  },
};
