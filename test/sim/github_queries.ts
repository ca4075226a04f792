/**
 * How the simulator reads what GitHub reads: the runs listing's query filters (`created` search
 * syntax included) and the facts a workflow file declares (its name, its dispatch inputs).
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import type { WorkflowRun } from "./github_payloads.ts";

/** Filters of the runs listing, as query parameters. */
export interface RunFilters {
  workflowId?: number;
  branch?: string;
  event?: string;
  status?: string;
  created?: string;
  actor?: string;
  headSha?: string;
}

const STATUSES = new Set(["completed", "in_progress", "queued", "requested", "waiting", "pending"]);
const DAY_MS = 86_400_000;

function timeBound(value: string, end: boolean): number {
  const at = Date.parse(value);
  // A bare date as an upper bound means the whole day.
  return end && /^\d{4}-\d{2}-\d{2}$/.test(value) ? at + DAY_MS - 1 : at;
}

/**
 * Whether an ISO time matches GitHub's `created` search syntax (`>=2026-11-01`, `a..b`, a day).
 *
 * @example
 * ```ts
 * createdMatches("2026-11-24T10:00:00Z", ">=2026-11-24"); // true
 * ```
 */
export function createdMatches(created: string, query: string): boolean {
  const at = Date.parse(created);
  const range = /^(.+)\.\.(.+)$/.exec(query);
  if (range) {
    return (range[1] === "*" || at >= timeBound(range[1], false)) &&
      (range[2] === "*" || at <= timeBound(range[2], true));
  }
  const op = /^(>=|<=|>|<)(.+)$/.exec(query);
  if (!op) return at >= timeBound(query, false) && at <= timeBound(query, true);
  const bound = timeBound(op[2], op[1].startsWith("<"));
  if (op[1] === ">=") return at >= bound;
  if (op[1] === ">") return at > bound;
  if (op[1] === "<=") return at <= bound;
  return at < bound;
}

/**
 * Whether a run passes the runs listing's filters.
 *
 * @example
 * ```ts
 * // runs.filter((run) => runMatches(run, { branch: "main", status: "failure" }))
 * ```
 */
export function runMatches(run: WorkflowRun, filters: RunFilters): boolean {
  return (filters.workflowId === undefined || run.workflow_id === filters.workflowId) &&
    (!filters.branch || run.head_branch === filters.branch) &&
    (!filters.event || run.event === filters.event) &&
    (!filters.actor || run.actor?.login === filters.actor) &&
    (!filters.headSha || run.head_sha === filters.headSha) &&
    (!filters.status ||
      (STATUSES.has(filters.status)
        ? run.status === filters.status
        : run.conclusion === filters.status)) &&
    (!filters.created || createdMatches(run.created_at, filters.created));
}

/**
 * A workflow's display name: its `name:`, or its path when it has none or does not parse.
 *
 * @example
 * ```ts
 * workflowName(".github/workflows/ci.yml", "name: CI\non: push\n"); // "CI"
 * ```
 */
export function workflowName(path: string, text: string): string {
  try {
    const doc = parseYaml(text) as { name?: unknown } | null;
    if (typeof doc?.name === "string" && doc.name.trim()) return doc.name;
  } catch {
    // GitHub lists unparsable workflows under their path.
  }
  return path;
}

/** A declared `workflow_dispatch` input, as far as the simulator reads it. */
export interface DeclaredInput {
  required?: boolean;
  default?: unknown;
}

/**
 * The `workflow_dispatch` inputs a workflow declares, or undefined when it has no such trigger.
 *
 * @example
 * ```ts
 * dispatchInputs("on:\n  workflow_dispatch:\n    inputs:\n      env: {required: true}\n");
 * // { env: { required: true } }
 * ```
 */
export function dispatchInputs(text: string): Record<string, DeclaredInput> | undefined {
  let on: unknown;
  try {
    on = (parseYaml(text) as { on?: unknown } | null)?.on;
  } catch {
    return undefined;
  }
  if (on === "workflow_dispatch") return {};
  if (Array.isArray(on)) return on.includes("workflow_dispatch") ? {} : undefined;
  if (typeof on !== "object" || on === null || !("workflow_dispatch" in on)) return undefined;
  const trigger = (on as { workflow_dispatch?: { inputs?: unknown } | null }).workflow_dispatch;
  const inputs = trigger?.inputs;
  return typeof inputs === "object" && inputs !== null
    ? inputs as Record<string, DeclaredInput>
    : {};
}

function parsed(text: string): Record<string, unknown> {
  try {
    const doc = parseYaml(text);
    return typeof doc === "object" && doc !== null ? doc as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

/**
 * A workflow's `run-name:` template, if it has one.
 *
 * @example
 * ```ts
 * runNameOf("name: CI\nrun-name: CI ${{ inputs.id }}\non: push\n"); // "CI ${{ inputs.id }}"
 * ```
 */
export function runNameOf(text: string): string | undefined {
  const runName = parsed(text)["run-name"];
  return typeof runName === "string" ? runName : undefined;
}

/**
 * The display name of a workflow's first job (its `name:`, else its id), if it declares any.
 *
 * @example
 * ```ts
 * firstJobName("on: push\njobs:\n  test:\n    runs-on: x\n"); // "test"
 * ```
 */
export function firstJobName(text: string): string | undefined {
  const jobs = parsed(text).jobs;
  if (typeof jobs !== "object" || jobs === null) return undefined;
  const [entry] = Object.entries(jobs);
  if (!entry) return undefined;
  const name = (entry[1] as { name?: unknown } | null)?.name;
  return typeof name === "string" && !name.includes("${{") ? name : entry[0];
}

/**
 * Checks dispatched inputs against a workflow file as GitHub does; returns GitHub's 422
 * message, or the inputs as given and as the run sees them (declared defaults filled in).
 *
 * @example
 * ```ts
 * checkDispatchInputs("on: push\n", {}); // "Workflow does not have 'workflow_dispatch' trigger"
 * ```
 */
export function checkDispatchInputs(
  text: string,
  raw: unknown,
): string | { given: Record<string, string>; inputs: Record<string, string> } {
  const declared = dispatchInputs(text);
  if (!declared) return "Workflow does not have 'workflow_dispatch' trigger";
  const given = (raw ?? {}) as Record<string, string>;
  const unexpected = Object.keys(given).filter((name) => !(name in declared));
  if (unexpected.length) return `Unexpected inputs provided: ${JSON.stringify(unexpected)}`;
  const missing = Object.entries(declared).find(([name, spec]) =>
    spec?.required && !(name in given)
  );
  if (missing) return `Required input '${missing[0]}' not provided`;
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    if (spec?.default !== undefined && spec.default !== null) inputs[name] = String(spec.default);
  }
  return { given, inputs: { ...inputs, ...given } };
}
