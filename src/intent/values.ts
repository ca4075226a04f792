/**
 * Raw text → typed field values (matrix, inputs, runs, strategy, alert, repo, topic), and the
 * one place a field is set on a draft so duplicates and merges behave the same in the grammar
 * and in natural language. Values are data: nothing here is evaluated or interpolated.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import { parseApplyText } from "./apply.ts";
import { commandSpec, type FieldKey, verbToOp } from "./commands.ts";
import { type Intent, type Matrix, type Op, UNSAFE_CHARS } from "./schema.ts";

/** An intent under construction: every field but `op`. */
export type Fields = Omit<Partial<Intent>, "op">;

const UNSAFE_ALL = new RegExp(UNSAFE_CHARS.source, "gu");

/**
 * Shows a value in an error message: numbers bare, text quoted and cut to 60 characters, with
 * control, zero-width and bidirectional characters written as `\u{…}` so the reply shows what
 * was sent.
 *
 * @example
 * ```ts
 * showValue(80); // "80"
 * showValue("x"); // "'x'"
 * showValue("\u200bapply"); // "'\\u{200b}apply'"
 * ```
 */
export function showValue(value: unknown): string {
  const raw = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  if (typeof value === "number") return raw;
  const text = raw.replace(UNSAFE_ALL, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  const cut = [...text].length > 60 ? `${[...text].slice(0, 57).join("")}…` : text;
  return `'${cut}'`;
}

function bad(field: string, what: string, value: unknown, hint: string): CiError {
  return new CiError("bad_request", `'${field}' ${what}: current value is ${showValue(value)}`, {
    hint,
  });
}

const SMART_DOUBLE = /[“”„]/g;

function parseJsonObject(field: string, raw: string, hint: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.replace(SMART_DOUBLE, '"'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw bad(field, `is not valid JSON (${reason})`, raw, hint);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw bad(field, "must be a JSON object", raw, hint);
  }
  return parsed as Record<string, unknown>;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

const MATRIX_HINT =
  'Write matrix:python-version=3.11,3.12;os=ubuntu-latest, a preset like matrix:full, or JSON such as --matrix \'{"python-version": ["3.11","3.12"]}\'.';

/**
 * Parses a matrix: JSON object, inline `dim=a,b;dim2=c`, or a preset name.
 *
 * @example
 * ```ts
 * parseMatrix("python-version=3.11,3.12;os=ubuntu-latest");
 * // { "python-version": ["3.11", "3.12"], os: ["ubuntu-latest"] }
 * parseMatrix("full"); // "full"
 * ```
 */
export function parseMatrix(raw: string): Matrix {
  const text = raw.trim();
  const matrix = readMatrix(text);
  if (typeof matrix === "object") checkNames("matrix", Object.keys(matrix), text, MATRIX_HINT);
  return matrix;
}

/** Names zod would silently drop or that mean something to JavaScript objects. */
function checkNames(field: string, names: string[], text: string, hint: string): void {
  if (names.length === 0) throw bad(field, "must name at least one entry", text, hint);
  const reserved = names.find((n) => n === "__proto__" || n === "constructor" || n === "prototype");
  if (reserved) throw bad(field, `cannot use the name '${reserved}'`, text, hint);
}

function readMatrix(text: string): Matrix {
  if (text.startsWith("{")) {
    const object = parseJsonObject("matrix", text, MATRIX_HINT);
    return Object.fromEntries(
      Object.entries(object).map(([dim, value]) => {
        const list = Array.isArray(value) ? value.map(scalar) : [scalar(value)];
        if (list.some((v) => v === undefined)) {
          const what = `dimension '${dim}' must be a list of strings or numbers`;
          throw bad("matrix", what, text, MATRIX_HINT);
        }
        return [dim, list as string[]];
      }),
    );
  }
  if (text.startsWith("[")) throw bad("matrix", "must be a JSON object", text, MATRIX_HINT);
  if (!text.includes("=")) {
    if (!/^[\w.-]+$/.test(text)) {
      throw bad("matrix", "preset names are letters, digits, '-', '_' or '.'", text, MATRIX_HINT);
    }
    return text;
  }
  // A Map, not an object literal: a dimension called __proto__ must stay plain data.
  const out = new Map<string, string[]>();
  for (const part of text.split(";").map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    const dim = part.slice(0, eq).trim();
    if (eq < 1 || !dim) {
      throw bad("matrix", "needs dimension=values in every part", text, MATRIX_HINT);
    }
    const values = part.slice(eq + 1).split(",").map((v) => v.trim()).filter(Boolean);
    out.set(dim, [...(out.get(dim) ?? []), ...values]);
  }
  return Object.fromEntries(out);
}

const INPUTS_HINT = "Write inputs:key=value (repeat it, or inputs:a=1,b=2), or JSON.";

/**
 * Parses workflow inputs: JSON, or `key=value` pairs separated by commas where a part without
 * `=` continues the previous value.
 *
 * @example
 * ```ts
 * parseInputs("a=1,b=2"); // { a: "1", b: "2" }
 * parseInputs("tags=x,y"); // { tags: "x,y" }
 * ```
 */
export function parseInputs(raw: string): Record<string, string> {
  const text = raw.trim();
  const inputs = readInputs(text);
  checkNames("inputs", Object.keys(inputs), text, INPUTS_HINT);
  return inputs;
}

function readInputs(text: string): Record<string, string> {
  if (text.startsWith("{")) {
    const object = parseJsonObject("inputs", text, INPUTS_HINT);
    return Object.fromEntries(
      Object.entries(object).map(([key, value]) => {
        const s = scalar(value);
        if (s === undefined) {
          throw bad("inputs", `'${key}' must be a string, number or boolean`, text, INPUTS_HINT);
        }
        return [key, s];
      }),
    );
  }
  const pairs: [string, string][] = [];
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) pairs.push([part.slice(0, eq).trim(), part.slice(eq + 1)]);
    else if (pairs.length > 0) pairs[pairs.length - 1][1] += `,${part}`;
    else throw bad("inputs", "takes key=value", text, INPUTS_HINT);
  }
  return Object.fromEntries(pairs);
}

const STRATEGY_WORDS: Record<string, string> = {
  reusable: "reusable",
  "reusable-workflow": "reusable",
  "reusable-workflows": "reusable",
  workflows: "reusable",
  actions: "actions",
  action: "actions",
  composite: "actions",
  "composite-actions": "actions",
  "shared-actions": "actions",
  hybrid: "hybrid",
  both: "hybrid",
  mixed: "hybrid",
};

const ALERT_WORDS: Record<string, string> = {
  failure: "failure",
  failures: "failure",
  fail: "failure",
  fails: "failure",
  failed: "failure",
  failing: "failure",
  broken: "failure",
  red: "failure",
  recovery: "recovery",
  recover: "recovery",
  recovers: "recovery",
  recovered: "recovery",
  fixed: "recovery",
  green: "recovery",
  always: "always",
  all: "always",
  any: "always",
  every: "always",
};

/**
 * Canonical strategy for a word (`composite` → actions), or undefined.
 *
 * @example
 * ```ts
 * strategyWord("Reusable-Workflows"); // "reusable"
 * ```
 */
export function strategyWord(word: string): string | undefined {
  return STRATEGY_WORDS[word.toLowerCase().replace(/[\s_]+/g, "-")];
}

/**
 * Canonical alert condition for a word (`fails` → failure), or undefined.
 *
 * @example
 * ```ts
 * alertWord("recovers"); // "recovery"
 * ```
 */
export function alertWord(word: string): string | undefined {
  return ALERT_WORDS[word.toLowerCase()];
}

/** What a GitHub URL or `owner/name@ref` token tells us. */
export interface RepoRef {
  repo: string;
  ref?: string;
  workflow?: string;
}

const REPO_TOKEN =
  /^([A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+?)(?:\.git)?(?:['’]s)?(?:@([^\s@]+))?$/;

/**
 * Reads `owner/name`, `owner/name@ref`, `owner/name's` or a GitHub URL (blob, tree and
 * actions/workflows paths name a workflow).
 *
 * @example
 * ```ts
 * repoRef("https://github.com/acme/app/blob/main/.github/workflows/ci.yml");
 * // { repo: "acme/app", ref: "main", workflow: ".github/workflows/ci.yml" }
 * repoRef("acme/app@v2"); // { repo: "acme/app", ref: "v2" }
 * ```
 */
export function repoRef(token: string): RepoRef | undefined {
  const url = /^(?:https?:\/\/)?(?:www\.)?github\.[a-z.]+\/([^/\s?#]+)\/([^/\s?#]+)(\/[^\s?#]*)?/i
    .exec(token);
  if (url) {
    const repo = `${url[1]}/${url[2].replace(/\.git$/, "")}`;
    const rest = url[3] ?? "";
    const blob = /^\/(?:blob|tree)\/([^/]+)\/(.+\.ya?ml)$/.exec(rest);
    if (blob) return { repo, ref: blob[1], workflow: blob[2] };
    // `…/tree/feature/x`: the branch, slashes and all.
    const tree = /^\/tree\/([\w./-]*\w)\/?$/.exec(rest);
    if (tree) return { repo, ref: tree[1] };
    const wf = /^\/actions\/workflows\/([^/]+\.ya?ml)/.exec(rest);
    return wf ? { repo, workflow: wf[1] } : { repo };
  }
  if (isWorkflowPath(token)) return undefined;
  const m = REPO_TOKEN.exec(token);
  return m ? { repo: m[1], ...(m[2] ? { ref: m[2] } : {}) } : undefined;
}

/**
 * True for workflow file names and paths (`ci.yml`, `.github/workflows/x`).
 *
 * @example
 * ```ts
 * isWorkflowPath("ci.yaml"); // true
 * isWorkflowPath("acme/app"); // false
 * ```
 */
export function isWorkflowPath(token: string): boolean {
  return /^[^\s:]+\.ya?ml$/i.test(token) || /^\.?\/?\.github\/workflows\/\S+$/.test(token);
}

/**
 * The command a help topic names (`compare`, `/ci-compare`, `analyse`), or undefined.
 *
 * @example
 * ```ts
 * topicWord("/ci-compare"); // "compare"
 * ```
 */
export function topicWord(raw: string): Op | undefined {
  return verbToOp(raw.toLowerCase().replace(/^[/!@]?(?:ci-)?/, ""));
}

function resolveTopic(raw: string): Op {
  const op = topicWord(raw);
  if (!op) {
    throw bad(
      "topic",
      "must name a command (test, compare, migrate, analyze, …)",
      raw,
      "Try help.",
    );
  }
  return op;
}

/**
 * Sets one field from raw text on a draft, converting the value; a second value for a field is
 * an error, except matrix dimensions and inputs, which merge.
 *
 * @example
 * ```ts
 * const draft: Fields = {};
 * setField(draft, "runs", "5", "test");
 * draft.runs; // 5
 * ```
 */
export function setField(draft: Fields, field: FieldKey, raw: string, op: Op): void {
  const value = raw.trim();
  if (value === "") {
    const example = commandSpec(op).examples[0];
    throw new CiError("bad_request", `'${field}' needs a value`, {
      hint: `For example: ${example}`,
    });
  }
  switch (field) {
    case "matrix":
      return mergeMatrix(draft, parseMatrix(value));
    case "inputs":
      draft.inputs = Object.fromEntries([
        ...Object.entries(draft.inputs ?? {}),
        ...Object.entries(parseInputs(raw)),
      ]);
      return;
    case "runs":
      if (!/^\d+$/.test(value)) {
        throw bad("runs", "must be a whole number", value, "Use runs:N with N from 1 to 50.");
      }
      return assign(draft, "runs", Number(value));
    case "warmup":
      if (!/^\d+$/.test(value)) {
        throw bad("warmup", "must be a whole number", value, "Use warmup:N with N from 0 to 5.");
      }
      return assign(draft, "warmup", Number(value));
    case "strategy":
      // An unknown word is kept so IntentSchema can name it in its error.
      return assign(draft, "strategy", (strategyWord(value) ?? value) as Fields["strategy"]);
    case "on":
      return assign(draft, "on", (alertWord(value) ?? value) as Fields["on"]);
    case "topic":
      return assign(draft, "topic", resolveTopic(value));
    case "repo": {
      const parsed = repoRef(value);
      assign(draft, "repo", parsed?.repo ?? value);
      if (parsed?.workflow) assign(draft, "workflow", parsed.workflow);
      if (parsed?.ref) {
        setField(
          draft,
          op === "subscribe" || op === "unsubscribe" ? "branch" : "ref",
          parsed.ref,
          op,
        );
      }
      return;
    }
    case "workflow":
      return assign(draft, "workflow", value.replace(/^\.\//, ""));
    case "apply":
      return assign(draft, "apply", parseApplyText(value));
    default:
      return assign(draft, field, value);
  }
}

function assign<K extends keyof Fields>(draft: Fields, field: K, value: Fields[K]): void {
  const current = draft[field];
  if (current !== undefined && current !== value) {
    throw new CiError(
      "bad_request",
      `'${field}' was given twice: ${showValue(current)} and ${showValue(value)}`,
      { hint: `Give one ${field}.` },
    );
  }
  draft[field] = value;
}

function mergeMatrix(draft: Fields, next: Matrix): void {
  const current = draft.matrix;
  if (current === undefined) {
    draft.matrix = next;
  } else if (typeof current === "object" && typeof next === "object") {
    const merged = new Map(Object.entries(current));
    for (const [dim, values] of Object.entries(next)) {
      merged.set(dim, [...new Set([...(merged.get(dim) ?? []), ...values])]);
    }
    draft.matrix = Object.fromEntries(merged);
  } else {
    assign(draft, "matrix", next);
  }
}
