/**
 * The chat prompt → MCP tool arguments. The tools take Intent fields, not free text, so this
 * reads the service's `key:value` keys and the positional forms (`owner/name`, `*.yml`,
 * `compare BASE HEAD`, `optimize apply IDS`) and leaves the rest of the sentence alone: "why
 * is my CI slow" is a valid `/optimize` prompt that simply sets nothing.
 *
 * @module
 */
import { CiError } from "../../../src/errors.ts";
import { applyText, parseApplyText, splitIds } from "../../../src/intent/apply.ts";
import type { Apply } from "../../../src/intent/schema.ts";
import type { ParticipantCommand } from "./commands.ts";

/** Tool arguments, named as Intent fields. */
export type ToolArgs = Record<
  string,
  string | number | Record<string, unknown>
>;

/** What a prompt set, and the words that set nothing. */
export interface ParsedPrompt {
  args: ToolArgs;
  ignored: string[];
}

// Spellings of each key, as the service's command table accepts them.
const KEY_ALIASES: Record<string, string> = {
  repo: "repo",
  repository: "repo",
  workflow: "workflow",
  wf: "workflow",
  file: "workflow",
  ref: "ref",
  branch: "ref",
  sha: "ref",
  commit: "ref",
  matrix: "matrix",
  inputs: "inputs",
  input: "inputs",
  runs: "runs",
  repeat: "runs",
  times: "runs",
  warmup: "warmup",
  baseline: "baseline",
  base: "baseline",
  from: "baseline",
  candidate: "candidate",
  head: "candidate",
  to: "candidate",
  strategy: "strategy",
  target: "target",
  job: "target",
  id: "target",
  run: "target",
  apply: "apply",
};

/** Keys each command reads (the service's command table). */
const KEYS_FOR: Record<ParticipantCommand["name"], readonly string[]> = {
  analyze: ["repo", "workflow", "ref"],
  test: ["repo", "workflow", "ref", "matrix", "inputs", "runs"],
  compare: [
    "repo",
    "workflow",
    "ref",
    "baseline",
    "candidate",
    "runs",
    "warmup",
    "inputs",
  ],
  migrate: ["repo", "workflow", "ref", "strategy", "target", "apply"],
  optimize: ["repo", "workflow", "ref", "target", "apply"],
  status: ["repo", "workflow", "target"],
  cancel: ["repo", "target"],
};

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const WORKFLOW = /\.ya?ml$/i;
const REF = /^[A-Za-z0-9_./-]+$/;
const FILLER = new Set([
  "vs",
  "versus",
  "and",
  "with",
  "against",
  "on",
  "the",
  "my",
]);

// `a=1,b=2` pairs; a part without `=` belongs to the previous value (`tags=x,y`).
function pairs(
  value: string,
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  let last: string | undefined;
  for (const part of value.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) {
      last = part.slice(0, eq);
      into[last] = part.slice(eq + 1);
    } else if (last !== undefined) into[last] = `${into[last]},${part}`;
  }
  return into;
}

// `python=3.11,3.12;os=ubuntu-latest` → object of lists; anything else is a preset name.
function matrixValue(value: string): string | Record<string, string[]> {
  if (!value.includes("=")) return value;
  return Object.fromEntries(
    value.split(";").filter(Boolean).map((dim) => {
      const [name, list = ""] = dim.split("=", 2);
      return [name, list.split(",").filter(Boolean)];
    }),
  );
}

function numberValue(key: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new CiError(
      "bad_request",
      `'${key}' must be a whole number: current value is ${value}`,
      {
        hint: `Write it like ${key}:3.`,
      },
    );
  }
  return n;
}

/**
 * Reads the keys a command accepts from the prompt.
 *
 * @example
 * ```ts
 * parsePrompt("optimize", "acme/app ci.yml please").args; // { repo: "acme/app", workflow: "ci.yml" }
 * parsePrompt("optimize", "apply s1abcd,s2efgh").args;
 * // { apply: { step: "preview", ids: ["s1abcd", "s2efgh"] } }
 * parsePrompt("compare", "main my-branch").args; // { baseline: "main", candidate: "my-branch" }
 * ```
 */
export function parsePrompt(
  command: ParticipantCommand["name"],
  prompt: string,
): ParsedPrompt {
  const accepted = KEYS_FOR[command];
  const args: ToolArgs = {};
  const ignored: string[] = [];
  const words = prompt.trim().split(/\s+/).filter(Boolean);
  const refs: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const colon = word.indexOf(":");
    const key = colon > 0 ? KEY_ALIASES[word.slice(0, colon).toLowerCase()] : undefined;
    if (key) {
      const value = word.slice(colon + 1);
      if (!accepted.includes(key)) {
        throw new CiError(
          "bad_request",
          `/${command} does not take '${word.slice(0, colon)}:': it reads ${accepted.join(", ")}`,
          { hint: `Remove ${word} or use a command that reads it.` },
        );
      }
      if (key === "runs" || key === "warmup") {
        args[key] = numberValue(key, value);
      } else if (key === "matrix") args.matrix = matrixValue(value);
      else if (key === "apply") args.apply = parseApplyText(value);
      else if (key === "inputs") {
        args.inputs = pairs(value, args.inputs as Record<string, unknown>);
      } else args[key] = value;
    } else if (
      command === "optimize" && word.toLowerCase() === "apply" && words[i + 1]
    ) {
      args.apply = { step: "preview", ids: splitIds(words[++i]) };
    } else if (command === "migrate" && word.toLowerCase() === "apply") {
      args.apply = { step: "preview" };
    } else if (
      command === "cancel" && /^(?=.*\d)[\w-]+$/.test(word) && !args.target
    ) {
      args.target = word;
    } else if (WORKFLOW.test(word)) {
      args.workflow = word;
    } else if (REPO.test(word) && !args.repo) {
      args.repo = word;
    } else if (
      command === "compare" && REF.test(word) && !FILLER.has(word.toLowerCase())
    ) {
      refs.push(word);
    } else {
      ignored.push(word);
    }
  }
  // Two bare words after compare are BASELINE CANDIDATE; more than that is prose.
  if (refs.length === 2 && !args.baseline && !args.candidate) {
    [args.baseline, args.candidate] = refs;
  } else ignored.push(...refs);
  return { args, ignored };
}

/**
 * The prompt that runs `args` again through the participant (for follow-up buttons).
 *
 * @example
 * ```ts
 * toPrompt({ repo: "acme/app", apply: { step: "preview", ids: ["s1abcd"] } });
 * // "repo:acme/app apply:s1abcd"
 * ```
 */
export function toPrompt(args: Record<string, unknown>): string {
  return Object.entries(args).flatMap(([key, value]) => {
    if (value === undefined || key === "op") return [];
    if (key === "apply" && typeof value === "object" && value) {
      const text = applyText(value as Apply);
      return [text ? `apply:${text}` : "apply"];
    }
    if (key === "matrix" && typeof value === "object" && value) {
      const dims = Object.entries(value).map(([k, v]) => `${k}=${[v].flat().join(",")}`);
      return [`matrix:${dims.join(";")}`];
    }
    if (typeof value === "object" && value) {
      return Object.entries(value).map(([k, v]) => `${key}:${k}=${v}`);
    }
    return [`${key}:${value}`];
  }).join(" ");
}
