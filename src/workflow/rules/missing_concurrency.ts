/**
 * `missing-concurrency`: push/pull_request workflows that let superseded runs keep going.
 *
 * @module
 */
import type { Concurrency } from "../model.ts";
import { finding, type Rule } from "./rule.ts";

const EVENTS = new Set(["push", "pull_request"]);

// An expression (`${{ github.event_name == 'pull_request' }}`) counts: it is a deliberate choice.
const cancels = (c: Concurrency | undefined) =>
  c !== undefined && c.cancelInProgress !== undefined && c.cancelInProgress !== false;

/**
 * The rule: the workflow, or every job, needs `concurrency` with `cancel-in-progress`.
 *
 * @example
 * ```ts
 * missingConcurrency.check(file).length; // 0 or 1
 * ```
 */
export const missingConcurrency: Rule = {
  id: "missing-concurrency",
  severity: "notice",
  title: "Push/PR workflow without concurrency cancel-in-progress",
  rationale: "Every push starts a new run while the superseded ones keep using runners.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const events = file.triggers.map((t) => t.event).filter((e) => EVENTS.has(e));
    if (events.length === 0 || cancels(file.concurrency)) return [];
    if (file.jobs.length > 0 && file.jobs.every((job) => cancels(job.concurrency))) return [];
    const current = file.concurrency
      ? "has concurrency without cancel-in-progress"
      : "has no concurrency";
    return [finding(
      this,
      file,
      file.concurrency?.pos ?? file.onPos,
      `Workflow triggered by ${events.join(" and ")} ${current}, so superseded runs keep running`,
      {
        text: "Add a `concurrency` group per branch or pull request that cancels the runs a " +
          "newer push supersedes.",
        patch: "concurrency:\n" +
          "  group: ${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}\n" +
          "  cancel-in-progress: ${{ github.event_name == 'pull_request' }}",
      },
    )];
  },
};
