/**
 * The `actions` migration strategy: runs of steps repeated within and across a repository's
 * workflows move into composite actions under `.github/actions/<name>/action.yml`, and each
 * run becomes one `uses: ./.github/actions/<name>` step. Workflows are edited in place, so
 * comments and every untouched line stay byte-identical. A pure function: files in, proposed
 * files and report notes out.
 *
 * @module
 */
import { stringify } from "yaml";
import { applyEdits, type Edit } from "../../workflow/edit.ts";
import type { Workflow } from "../../workflow/model.ts";
import { parseWorkflowFile } from "../../workflow/parse.ts";
import { findRepeats, MAX_SEARCH_STEPS, type Occurrence } from "./actions_find.ts";
import { actionName, actionTitle } from "./actions_name.ts";
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

interface Extraction {
  name: string;
  length: number;
  plan: OccurrencePlan;
  occurrences: { job: JobSteps; start: number }[];
}

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

function actionFile(extraction: Extraction): string {
  const { plan, occurrences } = extraction;
  const users = [...new Set(occurrences.map((o) => `${o.job.workflow.path} (${o.job.job.id})`))];
  const inputs = Object.fromEntries(plan.inputs.map((i) => [i.name, {
    description: `Passed from ${i.ref.text} of the calling job`,
    required: true,
  }]));
  const body = {
    name: actionTitle(extraction.name),
    description: `Steps shared by ${users.length} job${users.length === 1 ? "" : "s"}: ` +
      plan.steps.map((s) => s.name ?? s.uses ?? String(s.run).split("\n")[0]).join(", "),
    ...(plan.inputs.length > 0 ? { inputs } : {}),
    runs: { using: "composite", steps: plan.steps },
  };
  return `# Extracted by ci-orchestrator (migrate strategy:actions) from:\n` +
    users.map((u) => `#   ${u}\n`).join("") + stringify(body, { lineWidth: 0 });
}

function callStep(extraction: Extraction): Record<string, unknown> {
  const step: Record<string, unknown> = {
    name: actionTitle(extraction.name),
    uses: `./.github/actions/${extraction.name}`,
  };
  if (extraction.plan.inputs.length > 0) {
    step.with = Object.fromEntries(
      extraction.plan.inputs.map((i) => [i.name, `\${{ ${i.ref.text} }}`]),
    );
  }
  return step;
}

function extractionNotes(e: Extraction, path: string): MigrationNote[] {
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
    message: `The ${e.length} steps now show in logs as one step '${actionTitle(e.name)}' with ` +
      "the original steps nested in it; step ids inside the action are no longer visible to " +
      "the job",
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
  const secrets = e.plan.inputs.filter((i) => i.ref.context === "secrets");
  if (secrets.length > 0) {
    notes.push({
      kind: "behaviour-change",
      file: path,
      message: `Secrets ${secrets.map((s) => s.ref.text).join(", ")} are passed to the action ` +
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
  const extractions: Extraction[] = repeats.map((r) => {
    const first = r.occurrences[0];
    const plan = plans.get(`${first.seq}:${first.start}:${r.length}`)!;
    const name = actionName(plan.steps, taken);
    taken.add(name);
    const occurrences = r.occurrences.map((o) => ({ job: jobs[o.seq], start: o.start }));
    return { name, length: r.length, plan, occurrences };
  });

  const out: FileChange[] = [];
  const edits = new Map<Workflow, { job: string; start: number; edit: Edit }[]>();
  for (const e of extractions) {
    const path = `.github/actions/${e.name}/action.yml`;
    out.push({ path, before: null, after: actionFile(e) });
    notes.push(...extractionNotes(e, path));
    for (const { job, start } of e.occurrences) {
      const list = edits.get(job.workflow) ?? [];
      list.push({
        job: job.job.id,
        start,
        edit: {
          kind: "replace-items",
          path: ["jobs", job.job.id, "steps"],
          start,
          count: e.length,
          items: [callStep(e)],
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

/** Steps that repeat but can never move (other than checkouts, noted with their action). */
function barrierNotes(jobs: JobSteps[], minOccurrences: number): MigrationNote[] {
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
