/**
 * `missing-concurrency`: push/pull_request workflows that let superseded runs keep going.
 *
 * @module
 */
import type { Concurrency, Trigger } from "../model.ts";
import { finding, type Rule } from "./rule.ts";

const EVENTS = new Set(["push", "pull_request"]);

// An expression (`${{ github.event_name == 'pull_request' }}`) counts: it is a deliberate choice.
const cancels = (c: Concurrency | undefined) =>
  c !== undefined && c.cancelInProgress !== undefined && c.cancelInProgress !== false;

// Branches that are usually the default one. A push there is not superseded by the next push:
// each commit of the default branch is built (and often deployed) on purpose.
const DEFAULT_BRANCHES = new Set(["main", "master", "trunk", "develop"]);

/** True for a push limited to default-like branches and/or tags (no feature branches). */
function mainlineOnly(trigger: Trigger): boolean {
  if (trigger.event !== "push") return false;
  const config = trigger.config;
  if (config === null || typeof config !== "object") return false;
  const { branches, tags } = config as { branches?: unknown; tags?: unknown };
  if (branches === undefined) return tags !== undefined;
  // GitHub takes a single branch as a plain string too (`branches: main`).
  const list = typeof branches === "string" ? [branches] : branches;
  return Array.isArray(list) && list.length > 0 &&
    list.every((b) => DEFAULT_BRANCHES.has(String(b)));
}

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
  level: "pedantic",
  confidence: "medium",
  title: "Push/PR workflow without concurrency cancel-in-progress",
  rationale: "Every push starts a new run while the superseded ones keep using runners.",
  check(file) {
    if (file.kind !== "workflow") return [];
    const triggers = file.triggers.filter((t) => EVENTS.has(t.event));
    if (triggers.every(mainlineOnly) || cancels(file.concurrency)) return [];
    const events = triggers.map((t) => t.event);
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
