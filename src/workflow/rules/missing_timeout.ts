/**
 * `missing-timeout`: a job without `timeout-minutes` runs up to GitHub's default of 360 minutes.
 *
 * @module
 */
import { finding, type Rule } from "./rule.ts";

/**
 * The rule. Reusable-workflow caller jobs (`uses:`) are skipped: they cannot set a timeout.
 *
 * @example
 * ```ts
 * missingTimeout.check(file).map((f) => f.job);
 * ```
 */
export const missingTimeout: Rule = {
  id: "missing-timeout",
  severity: "warning",
  level: "pedantic",
  confidence: "high",
  title: "Job without timeout-minutes",
  rationale: "A hung job runs for the 6-hour default, blocking runners and burning minutes.",
  check(file) {
    if (file.kind !== "workflow") return [];
    return file.jobs.filter((job) => !job.uses && job.timeoutMinutes === undefined).map((job) =>
      finding(
        this,
        file,
        job.pos,
        `Job '${job.id}' has no timeout-minutes, so a hung run lasts up to 360 minutes`,
        // No snippet: a number that fits every job would cut off the slow ones (miri, loom);
        // `optimize` derives it from this job's own run history.
        {
          text: `Set \`timeout-minutes\` on job '${job.id}' to about 1.5 × its longest normal ` +
            "run (at least 10); `optimize` computes it from the run history.",
        },
        job.id,
      )
    );
  },
};
