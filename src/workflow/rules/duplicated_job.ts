/**
 * `duplicated-job`: the same sequence of steps in jobs of two or more workflow files, which
 * then drift apart; a reusable workflow or composite action keeps one copy.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { Job, Step, Workflow } from "../model.ts";
import { finding, type RepoRule } from "./rule.ts";

/** Shortest step sequence worth reporting. */
export const MIN_DUPLICATED_STEPS = 3;

// Names and ids are labels: two jobs doing the same steps under other names are still copies.
const stepKey = (step: Step) =>
  JSON.stringify([
    step.uses?.value.trim() ?? null,
    step.run?.value.replace(/\s+/g, " ").trim() ?? null,
    Object.entries(step.with).map(([k, v]) => [k, v.value.trim()]).sort(),
  ]);

/**
 * The rule: one finding per copy, each naming where the others are.
 *
 * @example
 * ```ts
 * duplicatedJob.checkRepo(files).map((f) => `${f.file}:${f.line}`);
 * ```
 */
export const duplicatedJob: RepoRule = {
  id: "duplicated-job",
  severity: "notice",
  level: "pedantic",
  confidence: "high",
  title: "Same job steps copied across workflow files",
  rationale:
    "Copies drift: a fix or a version bump lands in one file and not the other; one reusable workflow keeps them equal.",
  checkRepo(files) {
    const groups = new Map<string, { file: Workflow; job: Job }[]>();
    for (const file of files) {
      if (file.kind !== "workflow") continue;
      for (const job of file.jobs) {
        if (job.steps.length < MIN_DUPLICATED_STEPS || !job.steps.some((s) => s.run)) continue;
        const key = job.steps.map(stepKey).join("\n");
        groups.set(key, [...groups.get(key) ?? [], { file, job }]);
      }
    }
    const out: Finding[] = [];
    for (const copies of groups.values()) {
      if (new Set(copies.map((c) => c.file.path)).size < 2) continue;
      for (const { file, job } of copies) {
        const others = copies.filter((c) => c.file !== file || c.job !== job)
          .map((c) => `${c.file.path} (job '${c.job.id}')`);
        out.push(finding(
          this,
          file,
          job.pos,
          `Job '${job.id}' repeats the same ${job.steps.length} steps as ${others.join(", ")}`,
          {
            text: "Move the steps into one reusable workflow (`on: workflow_call`) or a " +
              "composite action, and call it from each file.",
            patch: `${job.id}:\n  uses: ./.github/workflows/${job.id}.yml`,
          },
          job.id,
        ));
      }
    }
    return out;
  },
};
