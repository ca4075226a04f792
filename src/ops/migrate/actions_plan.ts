/**
 * Whether one run of a job's steps can move into a composite action, and if so the action's
 * steps and inputs. A run is refused, with the reason, when moving it would change what runs:
 * no checkout of the repository before it (the local action could not load), a step output read
 * after it, a shell that cannot be stated, or a context the action cannot see and an input would
 * not carry faithfully.
 *
 * @module
 */
import type { Workflow } from "../../workflow/model.ts";
import { type ContextRef, inputBaseName, rewriteField } from "./actions_expr.ts";
import type { JobSteps } from "./actions_steps.ts";

/** An action input: its name and the caller's value (a context reference). */
export interface ActionInput {
  name: string;
  ref: ContextRef;
}

/** A run that can move: the composite steps and the inputs each caller passes. */
export interface OccurrencePlan {
  steps: Record<string, unknown>[];
  inputs: ActionInput[];
  /** A `run` step got `shell: bash` where the job's default applied before. */
  implicitBash: boolean;
}

const STRING_INPUT_TYPES = new Set(["string", "choice", "environment", undefined]);

const isOwnCheckout = (data: Record<string, unknown>) => {
  if (typeof data.uses !== "string" || !/^actions\/checkout@/i.test(data.uses.trim())) {
    return false;
  }
  const w = (data.with ?? {}) as Record<string, unknown>;
  const repo = typeof w.repository === "string" ? w.repository.replace(/\s/g, "") : undefined;
  return (repo === undefined || repo === "${{github.repository}}") && w.path === undefined;
};

/** Whether a reference keeps its value when it arrives as a string input. */
function keepsType(ref: ContextRef, workflow: Workflow, matrix: unknown): boolean {
  if (ref.interpolated || !["matrix", "inputs", "strategy"].includes(ref.context)) return true;
  if (ref.context === "matrix" && ref.parts.length === 1 && matrix && typeof matrix === "object") {
    const m = matrix as Record<string, unknown>;
    const values: unknown[] = [m[ref.parts[0]]].flat();
    for (const inc of [m.include].flat()) {
      if (inc && typeof inc === "object") {
        values.push((inc as Record<string, unknown>)[ref.parts[0]]);
      }
    }
    const known = values.filter((v) => v !== undefined);
    return known.length > 0 && known.every((v) => typeof v === "string");
  }
  if (ref.context === "inputs" && ref.parts.length === 1) {
    const declared = workflow.triggers
      .filter((t) => t.event === "workflow_dispatch" || t.event === "workflow_call")
      .map((t) => (t.config as { inputs?: Record<string, { type?: string }> } | null)?.inputs);
    const types = declared.map((inputs) => inputs?.[ref.parts[0]]).filter((i) => i !== undefined)
      .map((i) => i?.type);
    return types.length > 0 && types.every((t) => STRING_INPUT_TYPES.has(t));
  }
  return false;
}

/**
 * Plans moving steps `start … start+length-1` of a job into a composite action.
 *
 * @example
 * ```ts
 * const plan = planOccurrence(jobs[0], 1, 3);
 * if ("reason" in plan) console.log(plan.reason); else console.log(plan.inputs);
 * ```
 */
export function planOccurrence(
  job: JobSteps,
  start: number,
  length: number,
): OccurrencePlan | { reason: string } {
  const range = job.steps.slice(start, start + length);
  if (!job.steps.slice(0, start).some((s) => isOwnCheckout(s.data))) {
    return {
      reason: "no actions/checkout of this repository runs before these steps, so a local " +
        "action (./.github/actions/…) could not be loaded",
    };
  }
  const ids = new Set(range.map((s) => s.data.id).filter((id) => typeof id === "string"));
  const outside = JSON.stringify([
    ...job.steps.slice(0, start).map((s) => s.data),
    ...job.steps.slice(start + length).map((s) => s.data),
    job.outputsText,
  ]);
  for (const id of ids) {
    const escaped = String(id).replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
    if (
      new RegExp(`steps\\s*(\\.\\s*${escaped}(?![\\w-])|\\[\\s*'${escaped}'\\s*\\])`).test(outside)
    ) {
      return {
        reason: `step '${id}' is read after these steps (steps.${id}…); inside a composite ` +
          "action its outputs would need re-exporting, which is not done automatically",
      };
    }
  }
  const definedEnv = new Set(range.flatMap((s) => Object.keys((s.data.env ?? {}) as object)));
  const inputs: ActionInput[] = [];
  const internalSteps = new Set<string>();
  let refused: string | undefined;
  const inputFor = (ref: ContextRef): string | { refused: string } => {
    if (ref.context === "env" && definedEnv.has(ref.parts[0])) {
      return { refused: `'${ref.text}' is set by a step being moved and read in an expression` };
    }
    if (!keepsType(ref, job.workflow, job.job.matrix)) {
      return {
        refused: `'${ref.text}' is used in a condition or expression, and as an action input ` +
          "(always a string) it might compare or test differently",
      };
    }
    const known = inputs.find((i) => i.ref.text === ref.text);
    if (known) return known.name;
    const base = inputBaseName(ref);
    let name = inputs.some((i) => i.name === base) ? `${ref.context}-${base}` : base;
    for (let n = 2; inputs.some((i) => i.name === name); n++) name = `${base}-${n}`;
    inputs.push({ name, ref });
    return name;
  };
  const rewrite = (value: unknown, condition = false): unknown => {
    if (typeof value !== "string" || refused) return value;
    const done = rewriteField(value, { condition, internalSteps, inputFor });
    if (!done.ok) {
      refused = done.reason;
      return value;
    }
    return done.text;
  };
  const rewriteMap = (value: unknown) =>
    value && typeof value === "object"
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]))
      : value;
  let implicitBash = false;
  const steps = range.map((s) => {
    const d = s.data;
    const out: Record<string, unknown> = {};
    if (typeof d.name === "string") out.name = rewrite(d.name);
    if (d.id !== undefined) out.id = d.id;
    if (d.if !== undefined) out.if = rewrite(typeof d.if === "string" ? d.if : String(d.if), true);
    if (d.uses !== undefined) out.uses = d.uses;
    if (d.with !== undefined) out.with = rewriteMap(d.with);
    if (d.run !== undefined) {
      out.run = rewrite(d.run);
      if (d.shell !== undefined) out.shell = d.shell;
      else if (s.shell && "value" in s.shell) {
        out.shell = s.shell.value;
        implicitBash ||= s.shell.implicit && s.shell.value === "bash";
      } else refused ??= s.shell?.unknown ?? "the step's shell is unknown";
    }
    const workingDirectory = d["working-directory"] ??
      (d.run !== undefined ? s.workingDirectory : undefined);
    if (workingDirectory !== undefined) out["working-directory"] = rewrite(workingDirectory);
    if (d.env !== undefined) out.env = rewriteMap(d.env);
    if (d["continue-on-error"] !== undefined) {
      out["continue-on-error"] = rewrite(d["continue-on-error"]);
    }
    if (typeof d.id === "string") internalSteps.add(d.id);
    return out;
  });
  if (refused) return { reason: refused };
  return { steps, inputs, implicitBash };
}
