/**
 * The `actions` migration strategy: runs of steps repeated within and across a repository's
 * workflows move into composite actions under `.github/actions/<name>/action.yml`, and each
 * run becomes one `uses: ./.github/actions/<name>` step. Workflows are edited in place, so
 * comments and every untouched line stay byte-identical. A pure function: files in, proposed
 * files and report notes out.
 *
 * @module
 */
import { applyEdits, type Edit } from "../../workflow/edit.ts";
import type { Workflow } from "../../workflow/model.ts";
import { parseWorkflowFile } from "../../workflow/parse.ts";
import { actionFile, callStep, type Extraction } from "./actions_file.ts";
import { findRepeats, MAX_SEARCH_STEPS, type Occurrence } from "./actions_find.ts";
import { planGroup } from "./actions_group.ts";
import { actionName } from "./actions_name.ts";
import { barrierNotes, extractionNotes } from "./actions_notes.ts";
import { type OccurrencePlan, planOccurrence } from "./actions_plan.ts";
import { collectJobSteps, type JobSteps } from "./actions_steps.ts";
import type { FileChange, MigrationNote, MigrationResult } from "./model.ts";

/** Options of {@linkcode migrateToActions}. */
export interface ActionsOptions {
  /** Shortest run of steps extracted (default 3). */
  minSteps?: number;
  /** Fewest occurrences of a run extracted (default 2). */
  minOccurrences?: number;
  /** Names already under `.github/actions/`, never reused. */
  existingActions?: string[];
}

const ACTION_PATH = /^\.github\/actions\/([^/]+)\/action\.ya?ml$/;

function parseAll(files: Array<{ path: string; content: string }>, notes: MigrationNote[]) {
  const workflows: Workflow[] = [];
  for (const f of files) {
    if (ACTION_PATH.test(f.path)) continue;
    try {
      const { file, problems } = parseWorkflowFile(f.path, f.content);
      if (file?.kind === "workflow") workflows.push(file);
      else if (!file) {
        notes.push({
          kind: "kept",
          file: f.path,
          message: `Not searched: ${problems[0]?.message ?? "the file does not parse"}`,
        });
      }
    } catch (error) {
      notes.push({
        kind: "kept",
        file: f.path,
        message: `Not searched: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return workflows;
}

/**
 * Extracts repeated step runs into composite actions and rewrites the workflows to use them.
 *
 * @example
 * ```ts
 * const result = migrateToActions([
 *   { path: ".github/workflows/a.yml", content: a },
 *   { path: ".github/workflows/b.yml", content: b },
 * ]);
 * result.files.map((f) => f.path); // [".github/actions/setup-node-and-npm-ci/action.yml", …]
 * ```
 */
export function migrateToActions(
  files: Array<{ path: string; content: string }>,
  options: ActionsOptions = {},
): MigrationResult {
  const minSteps = Math.max(1, options.minSteps ?? 3);
  const minOccurrences = Math.max(2, options.minOccurrences ?? 2);
  const notes: MigrationNote[] = [];
  const workflows = parseAll(files, notes);
  const jobs = workflows.flatMap(collectJobSteps);
  const total = jobs.reduce((n, j) => n + j.steps.length + 1, 0);
  if (total > MAX_SEARCH_STEPS) {
    notes.push({
      kind: "kept",
      file: workflows[0]?.path ?? "",
      message: `Not searched: the workflows hold ${total} steps, over the ${MAX_SEARCH_STEPS} ` +
        "the search handles",
    });
  }
  const refusals: { job: JobSteps; start: number; length: number; reason: string }[] = [];
  const plans = new Map<string, OccurrencePlan>();
  const accept = (o: Occurrence, length: number) => {
    const plan = planOccurrence(jobs[o.seq], o.start, length);
    if ("reason" in plan) {
      refusals.push({ job: jobs[o.seq], start: o.start, length, reason: plan.reason });
      return false;
    }
    plans.set(`${o.seq}:${o.start}:${length}`, plan);
    return true;
  };
  const repeats = findRepeats(jobs.map((j) => j.steps.map((s) => s.key)), {
    minSteps,
    minOccurrences,
    accept,
  });

  const taken = new Set([
    ...options.existingActions ?? [],
    ...files.map((f) => ACTION_PATH.exec(f.path)?.[1]).filter((n) => n !== undefined),
  ]);
  const extractions: Extraction[] = [];
  for (const r of repeats) {
    const occurrences = r.occurrences.map((o) => ({ job: jobs[o.seq], start: o.start }));
    const occPlans = r.occurrences.map((o) => plans.get(`${o.seq}:${o.start}:${r.length}`)!);
    const group = planGroup(occurrences, r.length, occPlans);
    if ("reason" in group) {
      for (const o of occurrences) {
        refusals.push({ job: o.job, start: o.start, length: r.length, reason: group.reason });
      }
      continue;
    }
    const name = actionName(occPlans[0].steps, taken);
    taken.add(name);
    extractions.push({ name, length: r.length, plan: occPlans[0], group, occurrences });
  }

  const out: FileChange[] = [];
  const edits = new Map<Workflow, { job: string; start: number; edit: Edit }[]>();
  for (const e of extractions) {
    const path = `.github/actions/${e.name}/action.yml`;
    out.push({ path, before: null, after: actionFile(e) });
    notes.push(...extractionNotes(e, path));
    for (const [k, { job, start }] of e.occurrences.entries()) {
      const list = edits.get(job.workflow) ?? [];
      list.push({
        job: job.job.id,
        start,
        edit: {
          kind: "replace-items",
          path: ["jobs", job.job.id, "steps"],
          start,
          count: e.length,
          items: [callStep(e, k)],
        },
      });
      edits.set(job.workflow, list);
    }
  }
  for (const [workflow, list] of edits) {
    list.sort((a, b) => a.job.localeCompare(b.job) || b.start - a.start);
    try {
      const after = applyEdits(workflow.source, list.map((l) => l.edit));
      if (parseWorkflowFile(workflow.path, after).file?.kind !== "workflow") {
        throw new Error("the rewritten file does not parse");
      }
      out.push({ path: workflow.path, before: workflow.source, after });
    } catch (error) {
      notes.push({
        kind: "kept",
        file: workflow.path,
        message: "Left unchanged (edit the steps by hand to call the actions): " +
          (error instanceof Error ? error.message : String(error)),
      });
    }
  }

  const claimed = extractions.flatMap((e) =>
    e.occurrences.map((o) => ({ job: o.job, from: o.start, to: o.start + e.length }))
  );
  const seen = new Set<string>();
  for (const r of refusals) {
    const overlaps = claimed.some((c) =>
      c.job === r.job && r.start < c.to && c.from < r.start + r.length
    );
    const key = `${r.job.workflow.path}|${r.job.job.id}|${r.reason}`;
    if (overlaps || seen.has(key)) continue;
    seen.add(key);
    notes.push({
      kind: "kept",
      file: r.job.workflow.path,
      line: r.job.steps[r.start].line,
      job: r.job.job.id,
      message: `Steps ${r.start + 1}–${r.start + r.length} repeat elsewhere but stay: ${r.reason}`,
    });
  }
  notes.push(...barrierNotes(jobs, minOccurrences));
  if (extractions.length === 0) {
    notes.push({
      kind: "kept",
      file: workflows[0]?.path ?? "",
      message: `Nothing extracted: no run of ${minSteps} or more steps that can move into a ` +
        `composite action repeats ${minOccurrences} or more times in the ${workflows.length} ` +
        "workflow file(s)",
    });
  }
  return { strategy: "actions", files: out, notes };
}
