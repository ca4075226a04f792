/**
 * The parser every surface calls: command words stripped, grammar first, natural language
 * second, the result validated by {@linkcode IntentSchema}. It never throws; anything it cannot
 * read becomes an "unsupported" answer with the closest commands and two examples.
 *
 * @module
 */
import type { z } from "zod";
import { CiError } from "../errors.ts";
import { KEYS, verbToOp } from "./commands.ts";
import { intentToCommand } from "./format.ts";
import { type Implied, parseGrammar } from "./grammar.ts";
import { parseNatural } from "./natural.ts";
import {
  type Intent,
  IntentSchema,
  type IntentSourceSchema,
  type Op,
  type ParseResult,
} from "./schema.ts";
import { closeCommands, examplesFor, suggestCommands } from "./suggest.ts";
import { MAX_INPUT_CHARS, normalizeText, tokenize } from "./tokenize.ts";
import { type Fields, showValue } from "./values.ts";

/**
 * A language model that turns text the rules could not read into an intent-shaped object
 * (or its JSON text). Only {@linkcode parseWithModel} calls it.
 */
export interface IntentModel {
  resolve(text: string): Promise<unknown>;
}

/** Parser options. */
export interface ParseOptions {
  /** Ignored by the synchronous parser; see {@linkcode parseWithModel}. */
  model?: IntentModel;
}

const PREFIX =
  /^(?:<@[UW][A-Z0-9]+(?:\|[^>]*)?>|<@[!&]?\d+>|<at>[^<]*<\/at>|@ci-orchestrator\b|[/!]ci-(test|compare|migrate|analyze|optimize)\b)[,:]?\s*/i;

/**
 * Removes leading command words and mentions, and says which operation they imply:
 * `/ci-analyze` names analyze (hard); `/ci-test` and `!ci-test` default to test (soft);
 * mentions imply nothing.
 *
 * @example
 * ```ts
 * stripCommandWords("<@U123ABC> /ci-compare main dev");
 * // { rest: "main dev", implied: { op: "compare", hard: true } }
 * ```
 */
export function stripCommandWords(text: string): { rest: string; implied: Implied } {
  let rest = text;
  let implied: Implied = { hard: false };
  for (let m = PREFIX.exec(rest); m && m[0] !== ""; m = PREFIX.exec(rest)) {
    rest = rest.slice(m[0].length);
    const word = m[1]?.toLowerCase() as Op | undefined;
    if (word) implied = { op: word, hard: word !== "test" };
  }
  return { rest: rest.trim(), implied };
}

const REPO_MESSAGE = "a repository is written ";

/** Chooses which of zod's issues to report: the user's bound over zod's internal ones. */
function pickIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  return issues.find((i) => !("origin" in i && i.origin === "int")) ?? issues[0];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const origin = "origin" in issue ? issue.origin : undefined;
  switch (issue.code) {
    case "too_big":
      if (origin === "string") return `must be at most ${issue.maximum} characters`;
      if (origin === "array") return `must have at most ${issue.maximum} values`;
      return `must be ≤ ${issue.maximum}`;
    case "too_small":
      if (origin === "string") return "must not be empty";
      if (origin === "array") return `must have at least ${issue.minimum} value`;
      return `must be ≥ ${issue.minimum}`;
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")}`;
    case "invalid_format":
      return issue.message.startsWith(REPO_MESSAGE)
        ? `must be written ${issue.message.slice(REPO_MESSAGE.length)}`
        : `is not valid (${issue.message})`;
    case "invalid_type":
      return `must be a ${issue.expected === "int" ? "whole number" : issue.expected}`;
    default:
      return `is not valid (${issue.message})`;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    const entry = Object.entries(value ?? {}).find(([k]) => k === String(key));
    value = entry?.[1];
  }
  return value;
}

/**
 * Validates a candidate intent; throws a `bad_request` {@linkcode CiError} whose message names
 * the field and quotes the value ("'runs' must be ≤ 50: current value is 80").
 *
 * @example
 * ```ts
 * validateIntent({ op: "analyze", repo: "acme/app" }).repo; // "acme/app"
 * ```
 */
export function validateIntent(candidate: unknown): Intent {
  const result = IntentSchema.safeParse(candidate);
  if (result.success) return result.data;
  const issue = pickIssue(result.error.issues);
  if (issue.path.length === 0) {
    throw new CiError("bad_request", `not an intent: ${issue.message}`, {
      hint: "An intent is an object with op and the fields listed in help.",
    });
  }
  const field = issue.path.map(String).join(".");
  const key = KEYS.find((k) => k.name === issue.path[0]);
  throw new CiError(
    "bad_request",
    `'${field}' ${describeIssue(issue)}: current value is ${
      showValue(valueAt(candidate, issue.path))
    }`,
    { hint: key ? `${key.name}: ${key.description}, e.g. ${key.example}` : "See help." },
  );
}

/** What happened, for {@linkcode parseWithModel}: was the command understood at all? */
interface Detailed {
  result: ParseResult;
  /** True when the text was read but a value was wrong: a model would only guess. */
  understood: boolean;
}

function unsupported(error: CiError, text: string, op?: Op): ParseResult {
  const close = op ? [op] : closeCommands(text);
  return {
    kind: "unsupported",
    error: error.message,
    hint: error.hint ?? "See help for the commands and their keys.",
    suggestions: close.length > 0 ? close : suggestCommands(text),
    examples: examplesFor(close[0]),
  };
}

function intentResult(
  op: Op,
  fields: Fields,
  source: z.infer<typeof IntentSourceSchema>,
  explanation: string,
  confidence = 1,
): ParseResult {
  const intent = validateIntent({ op, ...fields });
  return { kind: "intent", intent, source, explanation, confidence };
}

function parseDetailed(text: unknown): Detailed {
  if (typeof text !== "string") {
    const error = new CiError("bad_request", `Expected command text, got ${typeof text}`);
    return { result: unsupported(error, ""), understood: true };
  }
  if (text.length > MAX_INPUT_CHARS) {
    const error = new CiError(
      "too_large",
      `The command is ${text.length} characters long; the limit is ${MAX_INPUT_CHARS}`,
      { hint: "Shorten it: put long matrices in the workflow and use a preset like matrix:full." },
    );
    return { result: unsupported(error, ""), understood: true };
  }
  const { rest, implied } = stripCommandWords(normalizeText(text));
  const tokens = tokenize(rest);
  if (tokens.length === 0) {
    const op = implied.hard && implied.op ? implied.op : "help";
    const result = intentResult(op, {}, "grammar", `command: ${op} (no arguments)`);
    return { result, understood: true };
  }
  let grammarError: CiError;
  const verbOp = tokens[0].quoted ? undefined : verbToOp(tokens[0].text);
  try {
    const g = parseGrammar(tokens, implied);
    const intent = validateIntent({ op: g.op, ...g.fields });
    const explanation = `command: ${intentToCommand(intent)}`;
    return {
      result: { kind: "intent", intent, source: "grammar", explanation, confidence: 1 },
      understood: true,
    };
  } catch (error) {
    grammarError = asCiError(error);
    if (grammarError.code !== "unsupported") {
      const op = (implied.hard ? implied.op : undefined) ?? verbOp ?? implied.op;
      return { result: unsupported(grammarError, rest, op), understood: true };
    }
  }
  try {
    const n = parseNatural(rest, implied);
    if (n) {
      const result = intentResult(n.op, n.fields, "natural", n.explanation, n.confidence);
      return { result, understood: true };
    }
  } catch (error) {
    return { result: unsupported(asCiError(error), rest), understood: true };
  }
  return { result: unsupported(grammarError, rest), understood: false };
}

function asCiError(error: unknown): CiError {
  if (error instanceof CiError) return error;
  return new CiError("internal", "The command could not be read", { cause: error });
}

/**
 * Parses what a user typed on any surface into an intent, or an "unsupported" answer. Never
 * throws. Grammar first (`source: "grammar"`), then rule-based natural language
 * (`source: "natural"`).
 *
 * @example
 * ```ts
 * const r = parseCommand("/ci-test analyze repo:acme/app");
 * if (r.kind === "intent") r.intent; // { op: "analyze", repo: "acme/app" }
 * ```
 */
export function parseCommand(text: string, _options?: ParseOptions): ParseResult {
  try {
    return parseDetailed(text).result;
  } catch (error) {
    return unsupported(asCiError(error), "");
  }
}

/**
 * Below this confidence a natural-language reading is handed to the model stage
 * ({@linkcode parseWithModel}); grammar results have confidence 1.
 *
 * @example
 * ```ts
 * MODEL_THRESHOLD; // 0.7
 * ```
 */
export const MODEL_THRESHOLD = 0.7;

/** The model's rule: not confidently read, and not "read, but a value was wrong". */
function asksModel(first: Detailed): boolean {
  const confident = first.result.kind === "intent" &&
    (first.result.confidence ?? 1) >= MODEL_THRESHOLD;
  return !confident && !(first.result.kind === "unsupported" && first.understood);
}

/**
 * Whether {@linkcode parseWithModel} would ask the model about this text (the same rule), so a
 * surface can answer at once when it would not, and acknowledge first when it would.
 *
 * @example
 * ```ts
 * modelWanted("analyze repo:acme/app"); // false: the grammar read it
 * modelWanted("zhuzh up acme/app"); // true: nothing read it
 * ```
 */
export function modelWanted(text: string): boolean {
  try {
    return asksModel(parseDetailed(text));
  } catch {
    return false;
  }
}

/**
 * Deterministic parser first; only when it could not read the text at all, or read it as
 * natural language with a confidence below {@linkcode MODEL_THRESHOLD}, asks the model and
 * validates its answer (an object, or JSON text) with {@linkcode IntentSchema}
 * (`source: "model"`). A failing or malformed model answer becomes "unsupported".
 *
 * @example
 * ```ts
 * const model = { resolve: () => Promise.resolve({ op: "optimize", repo: "acme/app" }) };
 * const r = await parseWithModel("make acme/app zoom", model);
 * r.kind === "intent" && r.source; // "model"
 * ```
 */
export async function parseWithModel(text: string, model: IntentModel): Promise<ParseResult> {
  const first = (() => {
    try {
      return parseDetailed(text);
    } catch (error) {
      return { result: unsupported(asCiError(error), ""), understood: true };
    }
  })();
  if (!asksModel(first)) return first.result;
  const fallback = first.result;
  try {
    const answer = await model.resolve(text);
    const candidate = typeof answer === "string" ? JSON.parse(answer) : answer;
    const intent = validateIntent(candidate);
    return {
      kind: "intent",
      intent,
      source: "model",
      explanation: `language model: ${intentToCommand(intent)}`,
    };
  } catch (error) {
    // A low-confidence natural reading still stands (the caller confirms it) if the model fails.
    if (fallback.kind === "intent") return fallback;
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ...fallback,
      error: `${fallback.error}; the language model's answer was not usable either: ${
        reason.slice(0, 300)
      }`,
    };
  }
}
