/**
 * `short-job`: a job whose only work is a checkout and trivial commands (`echo`, `true`, …).
 * GitHub bills every job rounded up to a whole minute, so such a job costs a minute (per matrix
 * leg) for seconds of work. Static and conservative on purpose: the history-based version
 * (median duration under a minute) belongs to the run-history analysis.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { Step } from "../model.ts";
import { actionOf, matrixLegs } from "./facts.ts";
import { finding, inlineCode, type Rule } from "./rule.ts";

const TRIVIAL_LINE =
  /^(echo|printf|true|:|exit\s+0|date|pwd|ls|cat|env|printenv|whoami|uname|sleep\s+[0-9]{1,2})\b/;

/** True for a `run:` made only of printing and no-op commands. */
function trivialRun(step: Step): boolean {
  if (!step.run) return false;
  const lines = step.run.value.split("\n").map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  return lines.length > 0 && lines.every((l) => TRIVIAL_LINE.test(l) && !/[|;&`$]/.test(l));
}

/**
 * The rule. Jobs with `needs` (status gates that aggregate other jobs) and jobs with an
 * `environment` (approval gates) are left alone.
 *
 * @example
 * ```ts
 * shortJob.check(file).map((f) => f.job);
 * ```
 */
export const shortJob: Rule = {
  id: "short-job",
  severity: "notice",
  level: "pedantic",
  confidence: "medium",
  title: "Job so short that per-minute billing dominates",
  rationale:
    "Each job is billed rounded up to a whole minute and pays runner start-up; a job of a few trivial commands wastes both.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const out: Finding[] = [];
    for (const job of file.jobs) {
      if (job.uses || job.needs.length > 0 || job.steps.length === 0) continue;
      // A job with an `environment` is an approval or deployment gate: its point is the wait
      // for a reviewer (or the environment's secrets), not its commands.
      if (file.doc.hasIn(["jobs", job.id, "environment"])) continue;
      const runs = job.steps.filter((s) => s.run);
      const onlyTrivial = job.steps.every((s) =>
        trivialRun(s) || (!s.run && actionOf(s) === "actions/checkout")
      );
      if (runs.length === 0 || !onlyTrivial) continue;
      const legs = matrixLegs(job.matrix) ?? 1;
      const what = runs.map((s) => inlineCode(s.run!.value.trim().split("\n")[0])).join(", ");
      out.push(finding(
        this,
        file,
        job.pos,
        `Job '${job.id}' only runs ${what}: it is billed at least ${legs} minute${
          legs === 1 ? "" : "s"
        } per run${legs > 1 ? ` (${legs} matrix legs)` : ""} for seconds of work`,
        {
          text: "Fold these commands into a job that already runs, or drop the job.",
        },
        job.id,
      ));
    }
    return out;
  },
};
