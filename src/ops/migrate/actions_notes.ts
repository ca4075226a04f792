/**
 * Report notes of the `actions` strategy: where each run now calls its action, what changes in
 * behaviour (log layout, `shell: bash`, secrets passed as inputs), and which repeated steps stay.
 *
 * @module
 */
import { callStep, type Extraction } from "./actions_file.ts";
import type { JobSteps } from "./actions_steps.ts";
import type { MigrationNote } from "./model.ts";

/**
 * Notes for one extraction written to `path`.
 *
 * @example
 * ```ts
 * extractionNotes(extraction, ".github/actions/x/action.yml"); // [{ kind: "extracted", … }, …]
 * ```
 */
export function extractionNotes(e: Extraction, path: string): MigrationNote[] {
  const notes: MigrationNote[] = [];
  const others = (job: JobSteps) =>
    e.occurrences.filter((o) => o.job !== job).map((o) =>
      `${o.job.workflow.path} (${o.job.job.id})`
    );
  for (const { job, start } of e.occurrences) {
    const step = job.steps[start];
    const elsewhere = [...new Set(others(job))];
    notes.push({
      kind: "extracted",
      file: job.workflow.path,
      line: step.line,
      job: job.job.id,
      message: `Steps ${start + 1}–${start + e.length} of job '${job.job.id}' now call ` +
        `./.github/actions/${e.name}` + (elsewhere.length ? `, like ${elsewhere.join(", ")}` : ""),
    });
    if (start > 0 && /^actions\/checkout@/i.test(String(job.steps[start - 1].data.uses ?? ""))) {
      notes.push({
        kind: "kept",
        file: job.workflow.path,
        line: job.steps[start - 1].line,
        job: job.job.id,
        message: "actions/checkout stays in the job before the action: a local action " +
          "(./.github/actions/…) can only be loaded once the repository is checked out",
      });
    }
  }
  notes.push({
    kind: "behaviour-change",
    file: path,
    message: `The ${e.length} steps now show in logs as one step '${callStep(e, 0).name}' ` +
      "(named after the steps it replaces) with the original steps nested in it; step ids " +
      "inside the action are no longer visible to the job",
  });
  if (e.plan.implicitBash) {
    notes.push({
      kind: "behaviour-change",
      file: path,
      message: "Composite action steps must name their shell: `run` steps that used the " +
        "runner's default now say `shell: bash`, which adds `-o pipefail` (a failing command " +
        "inside a pipeline now fails the step)",
    });
  }
  const secrets = [
    ...new Set(
      e.group.inputs.flatMap((i) => i.values.join(" ").match(/\bsecrets\s*\.\s*[\w-]+/g) ?? []),
    ),
  ];
  if (secrets.length > 0) {
    notes.push({
      kind: "behaviour-change",
      file: path,
      message: `Secrets ${secrets.join(", ")} are passed to the action ` +
        "as inputs by each caller (a composite action cannot read `secrets`); no other step " +
        "or job gets them",
    });
  }
  if (e.plan.steps.some((s) => s["continue-on-error"] !== undefined)) {
    notes.push({
      kind: "behaviour-change",
      file: path,
      message: "`continue-on-error` on composite action steps needs a runner that supports " +
        "it (GitHub-hosted runners do; check older GitHub Enterprise Server runners)",
    });
  }
  return notes;
}

/**
 * Steps that repeat but can never move (other than checkouts, noted with their action).
 *
 * @example
 * ```ts
 * barrierNotes(jobs, 2); // [{ kind: "kept", message: "Step 3 repeats elsewhere but …" }]
 * ```
 */
export function barrierNotes(jobs: JobSteps[], minOccurrences: number): MigrationNote[] {
  const count = new Map<string, number>();
  for (const j of jobs) {
    for (const s of j.steps) count.set(s.naturalKey, (count.get(s.naturalKey) ?? 0) + 1);
  }
  const notes: MigrationNote[] = [];
  for (const j of jobs) {
    for (const s of j.steps) {
      if (!s.barrier || s.barrier.startsWith("actions/checkout")) continue;
      if ((count.get(s.naturalKey) ?? 0) < minOccurrences) continue;
      notes.push({
        kind: "kept",
        file: j.workflow.path,
        line: s.line,
        job: j.job.id,
        message: `Step ${s.index + 1} repeats elsewhere but cannot move into a composite ` +
          `action: ${s.barrier}`,
      });
    }
  }
  return notes;
}
