/**
 * One composite action for every place a run of steps occurs, even when the places differ in
 * values: the action's steps are the first place's YAML nodes (so step names and comments come
 * along), and wherever the places differ — a `with:`/`env:` value, a name, an expression in a
 * script — the action reads an input that each caller fills with its own value. References to
 * the caller's contexts (`env`, `matrix`, `secrets`, `steps`, …) are always passed as inputs:
 * the caller evaluates them, exactly as before.
 *
 * @module
 */
import { isMap, isScalar, Pair, Scalar, type YAMLMap } from "yaml";
import { mergeComments } from "./actions_comments.ts";
import { type ContextRef, inputBaseName, rewriteField } from "./actions_expr.ts";
import type { OccurrencePlan } from "./actions_plan.ts";
import type { JobSteps, RawStep } from "./actions_steps.ts";
import { decompose, type Piece } from "./actions_template.ts";

/** An input of the action and what each caller passes (in occurrence order). */
export interface GroupInput {
  name: string;
  description: string;
  values: string[];
}

/** The action's steps (YAML nodes), its inputs, and each caller's call-step name. */
export interface GroupPlan {
  steps: YAMLMap[];
  inputs: GroupInput[];
  callNames: string[];
}

/** Where a run occurs. */
export interface Place {
  job: JobSteps;
  start: number;
}

type Field = { step: number; path: string[]; rank: number; expressionsOnly: boolean };

const kebab = (text: string) =>
  text.toLowerCase().replace(/[^a-z0-9_]+/g, "-").replace(/^-+|-+$/g, "");

/** The name GitHub shows for a step without `name:`. */
function displayName(data: Record<string, unknown>): string {
  if (typeof data.uses === "string") return `Run ${data.uses.trim()}`;
  const line = String(data.run ?? "").split("\n").map((l) => l.trim()).find((l) => l !== "");
  return `Run ${line ?? ""}`.trim();
}

function fieldValue(data: Record<string, unknown>, path: string[]): string | undefined {
  let v: unknown = data;
  for (const p of path) {
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  }
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
}

function fieldsOf(data: Record<string, unknown>, step: number): Field[] {
  const fields: Field[] = [];
  for (const group of ["with", "env"]) {
    for (const key of Object.keys((data[group] ?? {}) as object)) {
      fields.push({ step, path: [group, key], rank: 0, expressionsOnly: false });
    }
  }
  for (const key of ["run", "if", "working-directory", "continue-on-error"]) {
    if (data[key] !== undefined) fields.push({ step, path: [key], rank: 1, expressionsOnly: true });
  }
  fields.push({ step, path: ["name"], rank: 2, expressionsOnly: false });
  return fields;
}

/**
 * An input's name: the `with:`/`env:` key it fills, else the last part of the first caller's
 * reference (`${{ env.rust_stable }}` → `rust-stable`), else the step and field.
 */
function slotName(field: Field, first: string, n: number): string {
  const ref = /^\$\{\{\s*[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+\s*\}\}$/.test(first)
    ? kebab(first.slice(3, -2).trim().split(".").pop()!)
    : "";
  if (field.rank === 0) return kebab(field.path[1]);
  return ref !== "" ? ref : `step-${field.step + 1}-${kebab(field.path[0])}${n ? `-${n}` : ""}`;
}

/** The call step's name: the names of the steps it replaces, as the caller wrote them. */
function callName(step: RawStep): string {
  return typeof step.data.name === "string" ? step.data.name : displayName(step.data);
}

/** Sets a scalar's text, keeping its node (and comment) when there is one. */
function setText(map: YAMLMap, path: string[], text: string) {
  let node: unknown = map;
  for (const p of path.slice(0, -1)) node = isMap(node) ? node.get(p, true) : undefined;
  if (!isMap(node)) return;
  const key = path[path.length - 1];
  const current = node.get(key, true);
  if (isScalar(current)) {
    if (String(current.source ?? current.value) !== text) current.value = text;
  } else if (current === undefined) {
    // Only `name` can be missing here: a caller named the step and the first place did not.
    node.items.unshift(new Pair(new Scalar(key), new Scalar(text)));
  }
}

/** Adds `key: value` right after `after` (composite steps must state what jobs default). */
function insertAfter(map: YAMLMap, after: string, key: string, value: string) {
  if (map.has(key)) return;
  const at = map.items.findIndex((p) => isScalar(p.key) && p.key.value === after);
  map.items.splice(
    at < 0 ? map.items.length : at + 1,
    0,
    new Pair(new Scalar(key), new Scalar(value)),
  );
}

/**
 * Plans one action for all `places` of a run of `length` steps; `plans` are the per-place
 * checks (same order) that already accepted each place on its own.
 *
 * @example
 * ```ts
 * const plan = planGroup(places, 3, plans);
 * if (!("reason" in plan)) plan.inputs.map((i) => i.name); // ["toolchain", "key"]
 * ```
 */
export function planGroup(
  places: readonly Place[],
  length: number,
  plans: readonly OccurrencePlan[],
): GroupPlan | { reason: string } {
  const ranges = places.map((p) => p.job.steps.slice(p.start, p.start + length));
  const inputs: GroupInput[] = [];
  const inputFor = (values: string[], base: string, description: string) => {
    const known = inputs.find((i) => JSON.stringify(i.values) === JSON.stringify(values));
    if (known) return known.name;
    let name = base;
    for (let n = 2; inputs.some((i) => i.name === name); n++) name = `${base}-${n}`;
    inputs.push({ name, description, values });
    return name;
  };
  const refInput = (ref: ContextRef) =>
    inputFor(
      places.map(() => `\${{ ${ref.text} }}`),
      inputBaseName(ref),
      `The calling job's ${ref.text}`,
    );
  const movedIds = new Set(ranges[0].map((s) => s.data.id).filter((id) => typeof id === "string"));
  const movedEnv = ranges.map((r) =>
    new Set(r.flatMap((s) => Object.keys((s.data.env ?? {}) as object)))
  );
  let refused: string | undefined;
  const checkSlot = (values: string[]) => {
    values.forEach((value, k) => {
      const done = rewriteField(value, {
        condition: false,
        internalSteps: new Set(),
        inputFor: (ref) =>
          (ref.context === "steps" && movedIds.has(ref.parts[0])) ||
            (ref.context === "env" && movedEnv[k].has(ref.parts[0]))
            ? { refused: `'${ref.text}' differs between the places and is set inside them` }
            : "x",
      });
      if (!done.ok) refused ??= done.reason;
    });
  };

  const steps = ranges[0].map((s) => (s.node as YAMLMap).clone() as YAMLMap);
  // A blank line before the first step would print as a line of trailing spaces.
  steps[0].spaceBefore = false;
  steps.forEach((step, i) => ranges.slice(1).forEach((r) => mergeComments(step, r[i].node)));
  const idsBefore = (step: number) =>
    new Set(ranges[0].slice(0, step).map((s) => s.data.id).filter((id) => typeof id === "string"));
  const rewriteShared = (text: string, step: number, condition: boolean) => {
    const done = rewriteField(text, {
      condition,
      internalSteps: idsBefore(step),
      inputFor: refInput,
    });
    if (!done.ok) refused ??= done.reason;
    return done.ok ? done.text : text;
  };
  const fields = ranges[0].flatMap((s, i) => fieldsOf(s.data, i)).sort((a, b) =>
    a.rank - b.rank || a.step - b.step
  );
  for (const field of fields) {
    const datas = ranges.map((r) => r[field.step].data);
    const named = field.path[0] === "name";
    let values = datas.map((d) => fieldValue(d, field.path));
    if (named && values.every((v) => v === undefined)) continue;
    if (named) values = values.map((v, k) => v ?? displayName(datas[k]));
    const pieces = decompose(values as string[], field.expressionsOnly);
    if (!pieces) {
      return { reason: `'${field.path.join(".")}' of step ${field.step + 1} differs in its text` };
    }
    const where = `${field.path.join(".")} of step ${field.step + 1}` +
      (typeof datas[0].uses === "string" ? ` (${datas[0].uses})` : "");
    const text = pieces.map((piece: Piece, n) => {
      if ("values" in piece) {
        checkSlot(piece.values);
        const base = slotName(field, piece.values[0], n);
        return `\${{ inputs.${
          inputFor(
            piece.values,
            /^[a-z_]/.test(base) ? base : `input-${base}`,
            `Differs between the callers: ${where}`,
          )
        } }}`;
      }
      return rewriteShared(piece.text, field.step, field.path[0] === "if");
    }).join("");
    setText(steps[field.step], field.path, text);
    if (refused) return { reason: refused };
  }
  ranges[0].forEach((s, i) => {
    const planned = plans[0].steps[i];
    if (typeof planned.shell === "string") insertAfter(steps[i], "run", "shell", planned.shell);
    if (
      s.data["working-directory"] === undefined && s.data.run !== undefined &&
      s.workingDirectory !== undefined
    ) {
      insertAfter(
        steps[i],
        "shell",
        "working-directory",
        rewriteShared(s.workingDirectory, i, false),
      );
    }
  });
  if (refused) return { reason: refused };
  return { steps, inputs, callNames: ranges.map((r) => r.map(callName).join(", ")) };
}
