/**
 * `excessive-timeout`: `timeout-minutes` above 360, the most a GitHub-hosted job can run.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import { finding, type Rule } from "./rule.ts";

/** GitHub-hosted jobs are stopped after 6 hours whatever the timeout says. */
export const MAX_TIMEOUT_MINUTES = 360;

const hours = (minutes: number) =>
  minutes % 60 === 0 ? `${minutes / 60} hours` : `${(minutes / 60).toFixed(1)} hours`;

/**
 * The rule.
 *
 * @example
 * ```ts
 * excessiveTimeout.check(file).map((f) => f.message);
 * ```
 */
export const excessiveTimeout: Rule = {
  id: "excessive-timeout",
  severity: "notice",
  level: "pedantic",
  confidence: "high",
  title: "timeout-minutes larger than 6 hours",
  rationale:
    "A hung job then bills for hours before anyone notices; hosted runners stop at 6 hours anyway.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const out: Finding[] = [];
    for (const job of file.jobs) {
      const t = job.timeoutMinutes;
      if (typeof t !== "number" || t <= MAX_TIMEOUT_MINUTES) continue;
      out.push(finding(
        this,
        file,
        job.timeoutPos ?? job.pos,
        `Job '${job.id}' has timeout-minutes: ${t} (${hours(t)}), above the ` +
          `${MAX_TIMEOUT_MINUTES} minutes a hosted job can run`,
        {
          text: "Set it a little above the job's slowest normal run (its p95 duration).",
          patch: `${job.id}:\n  timeout-minutes: 60`,
        },
        job.id,
      ));
    }
    return out;
  },
};
