/**
 * The inputs a workflow declares under `on.workflow_dispatch.inputs`, and the check of what a
 * user wants to send against them, so a bad dispatch is refused with a clear message instead of
 * becoming a failed run (or GitHub's bare 422). Input values are data: they are checked and
 * passed through, never written into YAML, shell or expressions.
 *
 * @module
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from "yaml";
import { CiError } from "../errors.ts";
import { closest } from "../intent/suggest.ts";
import type { Pos } from "./model.ts";
import { parseWorkflowFile } from "./parse.ts";
import { asWritten } from "./yaml_written.ts";

/** GitHub's limit on inputs of one `workflow_dispatch`. */
export const MAX_DISPATCH_INPUTS = 25;

/** Input types GitHub accepts for `workflow_dispatch`. */
export const INPUT_TYPES = ["string", "boolean", "choice", "number", "environment"] as const;

/** One input type. */
export type InputType = typeof INPUT_TYPES[number];

/** One declared input. Scalars are kept as written (`default: 3.10` → `"3.10"`). */
export interface DeclaredInput {
  name: string;
  /** `string` when absent (GitHub's default) or not one of {@linkcode INPUT_TYPES}. */
  type: InputType;
  required: boolean;
  default?: string;
  description?: string;
  /** `choice` inputs only. */
  options?: string[];
  /** Where the input's name is written. */
  pos: Pos;
}

/** What a workflow accepts from a dispatch. */
export interface DeclaredInputs {
  /** False when the workflow has no `workflow_dispatch` trigger. */
  dispatchable: boolean;
  inputs: DeclaredInput[];
}

/**
 * Names of an input the service fills with a unique id, so it can find the run its dispatch
 * created when the server returns no run id (GitHub Enterprise Server versions without
 * `return_run_details`).
 *
 * The convention: declare an optional string input with one of these names and put it in the
 * run's title, where the runs list shows it (`display_title`):
 *
 * ```yaml
 * run-name: "${{ github.workflow }} ${{ inputs.ci_orchestrator_id }}"
 * on:
 *   workflow_dispatch:
 *     inputs:
 *       ci_orchestrator_id:
 *         description: Filled by ci-orchestrator to find the run it dispatched
 *         required: false
 *         type: string
 * ```
 *
 * Without it, runs are matched by workflow, ref, event, actor and creation time alone, which
 * cannot tell apart two dispatches of the same workflow made at the same moment.
 */
export const CORRELATION_INPUT_NAMES = [
  "ci_orchestrator_id",
  "correlation_id",
  "dispatch_id",
] as const;

/**
 * Reads the dispatch inputs a workflow declares, in every trigger form: `on: workflow_dispatch`,
 * `on: [push, workflow_dispatch]`, and `on: { workflow_dispatch: … }` with or without `inputs`.
 *
 * @throws {CiError} `bad_request` when the file is not a readable workflow; `too_large` as
 *   {@linkcode parseWorkflowFile}.
 * @example
 * ```ts
 * const d = declaredInputs("ci.yml", "on:\n  workflow_dispatch:\n    inputs:\n      debug: {type: boolean}\njobs: {}\n");
 * d.inputs[0]; // { name: "debug", type: "boolean", required: false, pos: { line: 4, column: 7 } }
 * ```
 */
export function declaredInputs(path: string, content: string): DeclaredInputs {
  const { file, problems } = parseWorkflowFile(path, content);
  if (!file) {
    const p = problems[0];
    throw new CiError(
      "bad_request",
      `Cannot read the inputs of ${path}: ${p?.message ?? "unreadable"} (line ${p?.line ?? 1})`,
      { hint: `Fix ${path} so it parses; \`analyze\` lists the problems.` },
    );
  }
  if (file.kind !== "workflow") {
    throw new CiError(
      "bad_request",
      `Cannot dispatch ${path}: it is an action metadata file, not a workflow`,
      { hint: "Name a workflow under .github/workflows/." },
    );
  }
  const doc = file.doc;
  const on = mapGet(doc, doc.contents, "on");
  const seq = isSeq(on) ? on : undefined;
  if (isScalar(on) || seq) {
    const events = isScalar(on)
      ? [on.value]
      : seq!.items.map((i) => resolve(doc, i)).map((n) => isScalar(n) ? n.value : undefined);
    return { dispatchable: events.includes("workflow_dispatch"), inputs: [] };
  }
  if (!isMap(on) || !hasKey(doc, on, "workflow_dispatch")) {
    return { dispatchable: false, inputs: [] };
  }
  const inputsNode = mapGet(doc, mapGet(doc, on, "workflow_dispatch"), "inputs");
  if (!isMap(inputsNode)) return { dispatchable: true, inputs: [] };
  const inputs = inputsNode.items.map((pair) => {
    const key = resolve(doc, pair.key);
    const spec = asWritten(doc, pair.value);
    const fields = spec && typeof spec === "object" && !Array.isArray(spec)
      ? spec as Record<string, unknown>
      : {};
    const text = (k: string) => typeof fields[k] === "string" ? fields[k] as string : undefined;
    const type = (INPUT_TYPES as readonly string[]).includes(text("type") ?? "")
      ? text("type") as InputType
      : "string";
    const input: DeclaredInput = {
      name: String(asWritten(doc, key)),
      type,
      required: text("required") === "true",
      pos: file.posAt(key?.range?.[0] ?? 0),
    };
    if (text("default") !== undefined) input.default = text("default");
    if (text("description") !== undefined) input.description = text("description");
    if (type === "choice") {
      input.options = Array.isArray(fields.options)
        ? fields.options.filter((o): o is string => typeof o === "string")
        : [];
    }
    return input;
  });
  return { dispatchable: true, inputs };
}

/**
 * Checks the inputs a user gave against what the workflow declares and returns the inputs to
 * send (booleans normalised to `true`/`false`; defaults are left for GitHub to apply).
 *
 * @throws {CiError} `bad_request` listing every problem at once, each with the offending value:
 *   not dispatchable, too many inputs, undeclared names (with a did-you-mean), wrong types,
 *   values outside a choice's options, required inputs missing without a default.
 * @example
 * ```ts
 * checkDispatchInputs("ci.yml", declaredInputs("ci.yml", text), { debug: "TRUE" }); // { debug: "true" }
 * ```
 */
export function checkDispatchInputs(
  workflowPath: string,
  declared: DeclaredInputs,
  given: Record<string, string>,
): Record<string, string> {
  const names = Object.keys(given);
  if (!declared.dispatchable) {
    throw new CiError(
      "bad_request",
      `Cannot dispatch ${workflowPath}: it has no workflow_dispatch trigger; add ` +
        "`on: workflow_dispatch:`" + (names.length > 0 ? " with inputs" : "") + " to the workflow",
      { hint: `Add this under \`on:\` (keeping the other triggers):\n${dispatchYaml(names)}` },
    );
  }
  const problems: string[] = [];
  if (names.length > MAX_DISPATCH_INPUTS) {
    problems.push(
      `a workflow takes at most ${MAX_DISPATCH_INPUTS} inputs: current count is ${names.length}`,
    );
  }
  if (declared.inputs.length > MAX_DISPATCH_INPUTS) {
    problems.push(
      `${workflowPath} declares ${declared.inputs.length} inputs: GitHub accepts at most ` +
        `${MAX_DISPATCH_INPUTS}`,
    );
  }
  const byName = new Map(declared.inputs.map((input) => [input.name, input]));
  const declaredNames = declared.inputs.map((input) => input.name);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const input = byName.get(name);
    if (!input) {
      const near = closest(name, declaredNames, 1)[0];
      const known = declaredNames.length > 0
        ? `declared inputs are ${declaredNames.join(", ")}`
        : `${workflowPath} declares no inputs`;
      problems.push(
        `input '${name}' (value ${quote(value)}) is not declared` +
          (near ? ` (did you mean '${near}'?)` : "") + `: ${known}`,
      );
      continue;
    }
    const problem = typeProblem(input, value);
    if (problem) problems.push(problem);
    else {
      Object.defineProperty(out, name, {
        value: normalise(input, value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  for (const input of declared.inputs) {
    if (input.required && input.default === undefined && !Object.hasOwn(given, input.name)) {
      problems.push(`'${input.name}' is required and has no default: current value is missing`);
    }
  }
  if (problems.length > 0) {
    const detail = problems.length === 1
      ? problems[0]
      : `${problems.length} problems with the inputs\n- ${problems.join("\n- ")}`;
    throw new CiError("bad_request", `Cannot dispatch ${workflowPath}: ${detail}`, {
      hint: declared.inputs.length > 0
        ? `Inputs of ${workflowPath}: ${declared.inputs.map(describe).join("; ")}. ` +
          "Give them as inputs:name=value."
        : `${workflowPath} declares no inputs: dispatch without inputs, or declare them under ` +
          "on.workflow_dispatch.inputs.",
    });
  }
  return out;
}

/**
 * The declared input the service may fill with a unique id to find the run a dispatch created
 * (see {@linkcode CORRELATION_INPUT_NAMES}): the first of those names declared as a string
 * input, or undefined.
 *
 * @example
 * ```ts
 * correlationInput(declaredInputs("ci.yml", text)); // "ci_orchestrator_id"
 * ```
 */
export function correlationInput(declared: DeclaredInputs): string | undefined {
  if (!declared.dispatchable) return undefined;
  for (const wanted of CORRELATION_INPUT_NAMES) {
    const input = declared.inputs.find((i) => i.name === wanted && i.type === "string");
    if (input) return input.name;
  }
  return undefined;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function typeProblem(input: DeclaredInput, value: string): string | undefined {
  switch (input.type) {
    case "boolean":
      return /^(true|false)$/i.test(value)
        ? undefined
        : `'${input.name}' must be true or false: current value is ${quote(value)}`;
    case "number":
      return NUMBER.test(value.trim())
        ? undefined
        : `'${input.name}' must be a number: current value is ${quote(value)}`;
    case "choice":
      return input.options?.includes(value)
        ? undefined
        : `'${input.name}' must be one of ${(input.options ?? []).join(", ")}: current value is ` +
          quote(value);
    case "environment":
      return value.trim() !== ""
        ? undefined
        : `'${input.name}' must name an environment: current value is empty`;
    default:
      return undefined;
  }
}

function normalise(input: DeclaredInput, value: string): string {
  if (input.type === "boolean") return value.toLowerCase();
  if (input.type === "number") return value.trim();
  return value;
}

function describe(input: DeclaredInput): string {
  const parts: string[] = [
    input.type === "choice" ? `choice of ${input.options?.join("|")}` : input.type,
  ];
  if (input.required) parts.push("required");
  if (input.default !== undefined) parts.push(`default ${quote(input.default)}`);
  return `${input.name} (${parts.join(", ")})`;
}

// Values can be long or multi-line; a message shows enough to recognise them.
function quote(value: string): string {
  const flat = value.replace(/\s+/g, " ");
  return `'${flat.length > 80 ? `${flat.slice(0, 79)}…` : flat}'`;
}

// Only names GitHub accepts as input ids go into the suggested YAML; never values.
function dispatchYaml(names: string[]): string {
  const ids = names.filter((n) => /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/.test(n));
  const lines = ["on:", "  workflow_dispatch:"];
  if (ids.length > 0) {
    lines.push("    inputs:");
    for (const id of ids) {
      lines.push(`      ${id}:`, "        type: string", "        required: false");
    }
  }
  return lines.join("\n");
}

function resolve(doc: Document, node: unknown): Node | null {
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return (node as Node | null | undefined) ?? null;
}

function hasKey(doc: Document, map: unknown, key: string): boolean {
  const m = resolve(doc, map);
  return isMap(m) && m.items.some((pair) => {
    const k = resolve(doc, pair.key);
    return isScalar(k) && String(k.value) === key;
  });
}

function mapGet(doc: Document, map: unknown, key: string): Node | null {
  const m = resolve(doc, map);
  if (!isMap(m)) return null;
  const pair = m.items.find((p) => {
    const k = resolve(doc, p.key);
    return isScalar(k) && String(k.value) === key;
  });
  return pair ? resolve(doc, pair.value) : null;
}
