/**
 * `continue-on-error`: `continue-on-error: true` on a step or job that tests or lints, so its
 * failures turn the run green.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { type Step, stepGroups } from "../model.ts";
import { ownComments, stepLabel } from "./facts.ts";
import { finding, inlineCode, type Rule } from "./rule.ts";

const CHECKING =
  /\b(test|tests|pytest|jest|vitest|mocha|tox|nox|ctest|rspec|phpunit|nextest|clippy|lint|eslint|ruff|mypy|tsc|check|vet|verify)\b/i;

// A comment saying why failures may pass ("best-effort", "flaky", "must not block the PR") makes
// continue-on-error a documented decision rather than an oversight.
const EXPLAINS =
  /best[- ]effort|flak|fail|continue|optional|experimental|non[- ]blocking|ignore|informational|unstable|advisory|allowed to|don'?t block|not block/i;

const checks = (step: Step) =>
  (step.run !== undefined && CHECKING.test(step.run.value)) ||
  CHECKING.test(step.name ?? "") || CHECKING.test(step.id ?? "");

/**
 * The rule. Expressions (`${{ matrix.experimental }}`) are a deliberate choice and pass.
 *
 * @example
 * ```ts
 * continueOnError.check(file).map((f) => f.line);
 * ```
 */
export const continueOnError: Rule = {
  id: "continue-on-error",
  severity: "warning",
  level: "pedantic",
  confidence: "medium",
  title: "continue-on-error: true hides test or lint failures",
  rationale:
    "A check that cannot fail the run reports green while broken; failures go unnoticed until they pile up.",
  check(file) {
    const out: Finding[] = [];
    if (file.kind === "workflow") {
      for (const job of file.jobs) {
        if (job.continueOnError !== true || !job.steps.some(checks)) continue;
        if (ownComments(file, job).some((c) => EXPLAINS.test(c))) continue;
        out.push(finding(
          this,
          file,
          job.pos,
          `Job '${job.id}' has continue-on-error: true and runs checks, so their failures ` +
            "never fail the workflow",
          {
            text: "Remove it, or limit it to known-unstable legs with an expression on a " +
              "matrix flag.",
            patch: `${job.id}:\n  continue-on-error: \${{ matrix.experimental == true }}`,
          },
          job.id,
        ));
      }
    }
    for (const group of stepGroups(file)) {
      for (const step of group.steps) {
        if (step.continueOnError !== true || !checks(step)) continue;
        if (ownComments(file, group.job, step).some((c) => EXPLAINS.test(c))) continue;
        const what = step.run ? inlineCode(step.run.value.trim().split("\n")[0]) : "checks";
        out.push(finding(
          this,
          file,
          step.pos,
          `${stepLabel(step)} runs ${what} with continue-on-error: true, so its failures ` +
            "never fail the job",
          {
            text: "Remove `continue-on-error`, and quarantine known-flaky tests by name instead.",
          },
          group.job?.id,
        ));
      }
    }
    return out;
  },
};
