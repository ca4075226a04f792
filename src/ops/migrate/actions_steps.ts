/**
 * The steps of a repository's jobs as the `actions` strategy sees them: each step as written,
 * a key that is equal for steps of the same shape — the same action or script, differing at most
 * in values (names, `with:`/`env:` values, `${{ }}` expressions in scripts), which become inputs
 * of one action — and why a step can never move into a composite action when it cannot.
 *
 * @module
 */
import { type Document, isAlias, isMap, isSeq, type Node, visit } from "yaml";
import type { Job, Workflow } from "../../workflow/model.ts";
import { MAX_ALIAS_COUNT } from "../../workflow/yaml_nodes.ts";
import { asWritten } from "../../workflow/yaml_written.ts";

/** Step keys a composite action step accepts (GitHub's metadata syntax for `runs.steps[*]`). */
export const COMPOSITE_STEP_KEYS: readonly string[] = [
  "name",
  "id",
  "if",
  "uses",
  "with",
  "run",
  "shell",
  "working-directory",
  "env",
  "continue-on-error",
];

/** A step as written, with what the strategy needs to know about it. */
export interface RawStep {
  index: number;
  line: number;
  /** Plain data; `with` and `env` values as the text written. */
  data: Record<string, unknown>;
  /** The step's YAML node, with its comments. */
  node: unknown;
  /** Equal for steps of the same shape (values aside); unique for a barrier. */
  key: string;
  /** Why the step can never be moved (it then splits sequences). */
  barrier?: string;
  /** The key the step would have without its barrier, to tell whether it repeats. */
  naturalKey: string;
  /** `shell:` the step runs with when it has none, or why it is unknown. */
  shell: { value: string; implicit: boolean } | { unknown: string } | null;
  /** `defaults.run.working-directory` of the job or workflow, which composite steps ignore. */
  workingDirectory?: string;
}

/** A job whose steps may be searched. */
export interface JobSteps {
  workflow: Workflow;
  job: Job;
  steps: RawStep[];
  /** Every string in the job outside its steps that may read step outputs (`outputs:`). */
  outputsText: string;
}

const STATUS_FUNCTION = /\b(always|failure|cancelled)\s*\(/;

function hasAliasOrAnchor(node: unknown): boolean {
  let found = false;
  visit(node as Node, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
    Node(_, n) {
      if (n.anchor) {
        found = true;
        return visit.BREAK;
      }
    },
  });
  return found;
}

function stepsNode(doc: Document, jobId: string): unknown {
  const jobs = doc.get("jobs", true);
  if (!isMap(jobs)) return undefined;
  const job = jobs.get(jobId, true);
  return isMap(job) ? job.get("steps", true) : undefined;
}

type Defaults = { defaults?: { run?: { shell?: unknown; "working-directory"?: unknown } } } | null;

function rootData(workflow: Workflow): Defaults {
  return workflow.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Defaults;
}

function defaultWorkingDirectory(workflow: Workflow, jobData: unknown): string | undefined {
  const declared = (data: unknown) => (data as Defaults)?.defaults?.run?.["working-directory"];
  const value = declared(jobData) ?? declared(rootData(workflow));
  return typeof value === "string" ? value : undefined;
}

/** The default shell of a job's `run` steps, which a composite step must state. */
function defaultShell(workflow: Workflow, job: Job, jobData: Record<string, unknown>) {
  const declared = (data: unknown) => (data as Defaults)?.defaults?.run?.shell;
  const explicit = declared(jobData) ?? declared(rootData(workflow));
  if (typeof explicit === "string") return { value: explicit, implicit: false };
  if (job.container) {
    return { unknown: "the job runs in a container, whose default shell may not be bash" };
  }
  const labels: string[] = [];
  const runsOn = job.runsOn;
  const add = (v: unknown) => {
    if (typeof v === "string") labels.push(v);
    else if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === "object") add((v as Record<string, unknown>).labels);
  };
  add(runsOn);
  const text = labels.join(" ");
  const matrixKey = /^\s*\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}\s*$/.exec(text)?.[1];
  if (matrixKey && job.matrix && typeof job.matrix === "object") {
    const m = job.matrix as Record<string, unknown>;
    const values: unknown[] = [m[matrixKey]].flat();
    for (const inc of [m.include].flat()) {
      if (inc && typeof inc === "object") values.push((inc as Record<string, unknown>)[matrixKey]);
    }
    const known = values.filter((v) => v !== undefined);
    if (known.length > 0 && known.every((v) => typeof v === "string")) {
      labels.splice(0, labels.length, ...known as string[]);
    }
  }
  if (labels.length === 0 || labels.some((l) => l.includes("${{"))) {
    return { unknown: "the job's runner is computed, so its default shell is unknown" };
  }
  const windows = labels.filter((l) => /windows/i.test(l)).length;
  if (windows === 0) return { value: "bash", implicit: true };
  if (windows === labels.length) return { value: "pwsh", implicit: true };
  return { unknown: "the job runs on Windows and other systems, whose default shells differ" };
}

function referencedIds(values: unknown[]): Set<string> {
  const ids = new Set<string>();
  const text = JSON.stringify(values);
  for (const m of text.matchAll(/steps\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g)) {
    ids.add(m[1] ?? m[2]);
  }
  return ids;
}

/** A script with its `${{ }}` expressions blanked: scripts differing only there match. */
function scriptSkeleton(run: string): string {
  return run.split("\n").map((l) => l.trimEnd()).join("\n").trim()
    .replace(/\$\{\{[\s\S]*?\}\}/g, "${{}}");
}

function stepKey(
  data: Record<string, unknown>,
  shell: RawStep["shell"],
  workingDirectory: string | undefined,
  idUsed: boolean,
): string {
  // Keys of `with:`/`env:` count, their values do not: those become inputs.
  const keys = (v: unknown) => v && typeof v === "object" ? Object.keys(v).sort() : null;
  const run = typeof data.run === "string" ? scriptSkeleton(data.run) : null;
  return JSON.stringify([
    typeof data.uses === "string" ? data.uses.trim() : null,
    keys(data.with),
    run,
    data.shell ?? null,
    keys(data.env),
    typeof data.if === "string" ? data.if.trim() : data.if ?? null,
    data["working-directory"] ?? null,
    data["continue-on-error"] ?? null,
    run !== null && data.shell === undefined ? JSON.stringify(shell) : null,
    run !== null && data["working-directory"] === undefined ? workingDirectory ?? null : null,
    idUsed ? data.id ?? null : null,
  ]);
}

function barrierOf(data: Record<string, unknown>, item: unknown): string | undefined {
  const extra = Object.keys(data).filter((k) => !COMPOSITE_STEP_KEYS.includes(k));
  if (extra.length > 0) {
    return `'${extra.join("', '")}' is not supported on composite action steps`;
  }
  if (typeof data.uses === "string" && /^actions\/checkout@/i.test(data.uses.trim())) {
    return "actions/checkout stays in the job: a local action loads only after the checkout";
  }
  if (typeof data.if === "string" && STATUS_FUNCTION.test(data.if)) {
    return "its 'if' uses always()/failure()/cancelled(), which would not run once the " +
      "composite step is skipped";
  }
  if (typeof data.uses !== "string" && typeof data.run !== "string") {
    return "it has neither 'uses' nor 'run'";
  }
  if (hasAliasOrAnchor(item)) return "it uses YAML anchors or aliases";
  return undefined;
}

/**
 * The searchable jobs of a workflow: jobs with steps in a block sequence of block mappings.
 *
 * @example
 * ```ts
 * const jobs = collectJobSteps(workflow); // one entry per job with steps
 * ```
 */
export function collectJobSteps(workflow: Workflow): JobSteps[] {
  const out: JobSteps[] = [];
  for (const job of workflow.jobs) {
    if (job.uses || job.steps.length === 0) continue;
    const seq = stepsNode(workflow.doc, job.id);
    if (!isSeq(seq) || seq.flow || isAlias(seq)) continue;
    const jobNode = (workflow.doc.get("jobs", true) as { get(k: string, keep: true): unknown })
      .get(job.id, true);
    const jobData = (workflow.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as {
      jobs: Record<string, Record<string, unknown>>;
    }).jobs[job.id] ?? {};
    const shell = defaultShell(workflow, job, jobData);
    const workingDirectory = defaultWorkingDirectory(workflow, jobData);
    const datas = seq.items.map((item) => stepData(workflow.doc, item));
    const outputsText = JSON.stringify(jobData.outputs ?? null);
    const used = referencedIds([...datas, outputsText]);
    const steps = seq.items.map((item, index): RawStep => {
      const data = datas[index];
      const range = (item as Node | null)?.range;
      const line = range ? workflow.posAt(range[0]).line : job.pos.line;
      const barrier = !isMap(item) || item.flow
        ? "it is not written as a block mapping"
        : barrierOf(data, item);
      const idUsed = typeof data.id === "string" && used.has(data.id);
      const naturalKey = stepKey(data, shell, workingDirectory, idUsed);
      const key = barrier ? `#barrier ${workflow.path} ${job.id} ${index}` : naturalKey;
      return { index, line, data, node: item, key, barrier, naturalKey, shell, workingDirectory };
    });
    if (hasAliasOrAnchor(jobNode) && steps.every((s) => s.barrier)) continue;
    out.push({ workflow, job, steps, outputsText });
  }
  return out;
}

function stepData(doc: Document, item: unknown): Record<string, unknown> {
  if (!isMap(item)) return {};
  const plain = item.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
  const written = asWritten(doc, item) as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(plain)) {
    data[k] = k === "with" || k === "env" ? written[k] ?? v : v;
  }
  return data;
}
