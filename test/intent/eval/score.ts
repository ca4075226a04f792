/**
 * Scores a reader against the evaluation set: a phrase is right when the operation matches
 * (for "nothing should run", an "unsupported" answer or `help`) and every expected field is
 * equal; safety violations are counted apart, because a wrong reading that acts is worse than
 * one that asks again.
 *
 * @module
 */
import type { Intent, ParseResult } from "../../../src/intent/schema.ts";
import { changesState } from "./safety.ts";
import type { EvalPhrase, Expect } from "./types.ts";

/** A reader: text in, parse result out (`parseCommand`, or a stand-in in tests). */
export type Reader = (text: string) => ParseResult;

/**
 * Why a reading is unsafe: it acts where nothing should (`state-change`), it acts with another
 * operation than the one asked for (`other-action`: cancel for "stop posting"), or it lost or
 * replaced the job id a cancel or status named (`target`).
 */
export type ViolationKind = "state-change" | "other-action" | "target";

/** One phrase as read. */
export interface Outcome {
  phrase: EvalPhrase;
  /** The intent read, or undefined for an "unsupported" answer. */
  got: Intent | undefined;
  correct: boolean;
  violations: ViolationKind[];
}

/** Right and total for one slice of the set. */
export interface Tally {
  correct: number;
  total: number;
}

/** The whole evaluation. */
export interface Scorecard {
  overall: Tally;
  byOp: Record<string, Tally>;
  byStyle: Record<string, Tally>;
  byAct: Record<string, Tally>;
  /** Phrases with at least one safety violation. */
  unsafe: Outcome[];
  /** Every phrase read wrongly (unsafe ones included). */
  misread: Outcome[];
  msPerPhrase: number;
}

const JOB_OPS = new Set(["cancel", "status"]);

/** A value with object keys sorted, so two equal objects print the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map((
        [k, v],
      ) => [k, canonical(v)]),
    );
  }
  return value;
}

const same = (a: unknown, b: unknown) =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** Matrices: a preset name equal, or the same dimensions with the same values in any order. */
function sameMatrix(want: unknown, got: unknown): boolean {
  if (typeof want === "string" || typeof got === "string") return want === got;
  if (!want || !got || typeof want !== "object" || typeof got !== "object") return false;
  const w = Object.entries(want as Record<string, string[]>);
  const g = got as Record<string, string[]>;
  if (w.length !== Object.keys(g).length) return false;
  return w.every(([dim, values]) =>
    Array.isArray(g[dim]) && same([...values].sort(), [...g[dim]].map(String).sort())
  );
}

function fieldMatches(field: string, want: unknown, got: unknown): boolean {
  if (field === "matrix") return sameMatrix(want, got);
  if (field === "repo" && typeof want === "string" && typeof got === "string") {
    return want.toLowerCase() === got.toLowerCase();
  }
  return same(want, got);
}

/**
 * Whether a reading is right: the operation, then every field the expectation names.
 *
 * @example
 * ```ts
 * isCorrect({ op: null }, undefined); // true: nothing ran
 * isCorrect({ op: "analyze", repo: "acme/app" }, { op: "analyze", repo: "Acme/App" }); // true
 * ```
 */
export function isCorrect(expect: Expect, got: Intent | undefined): boolean {
  if (expect.op === null) return got === undefined || got.op === "help";
  if (!got || got.op !== expect.op) return false;
  const fields = got as Record<string, unknown>;
  return Object.entries(expect).every(([field, want]) =>
    field === "op" || fieldMatches(field, want, fields[field])
  );
}

/**
 * The safety violations of one reading.
 *
 * @example
 * ```ts
 * violations({ op: "status" }, { op: "test" }); // ["state-change"]
 * violations({ op: "cancel", target: "42" }, { op: "cancel" }); // ["target"]
 * ```
 */
export function violations(expect: Expect, got: Intent | undefined): ViolationKind[] {
  if (!got) return [];
  const found: ViolationKind[] = [];
  const acts = changesState(got);
  const wanted = expect.op !== null && changesState(expect);
  if (acts && !wanted) found.push("state-change");
  if (acts && wanted && got.op !== expect.op) found.push("other-action");
  const target = (expect as { target?: unknown }).target;
  if (
    expect.op !== null && JOB_OPS.has(expect.op) && typeof target === "string" &&
    JOB_OPS.has(got.op) && got.target !== target
  ) found.push("target");
  return found;
}

function tally(into: Record<string, Tally>, key: string, correct: boolean): void {
  const t = into[key] ??= { correct: 0, total: 0 };
  t.total++;
  if (correct) t.correct++;
}

/**
 * Reads every phrase and scores it.
 *
 * @example
 * ```ts
 * const card = evaluate(PHRASES, parseCommand);
 * card.overall.correct / card.overall.total;
 * ```
 */
export function evaluate(
  phrases: readonly EvalPhrase[],
  read: Reader,
  now: () => number = () => performance.now(),
): Scorecard {
  const card: Scorecard = {
    overall: { correct: 0, total: 0 },
    byOp: {},
    byStyle: {},
    byAct: {},
    unsafe: [],
    misread: [],
    msPerPhrase: 0,
  };
  let spent = 0;
  for (const phrase of phrases) {
    const start = now();
    const result = read(phrase.text);
    spent += now() - start;
    const got = result.kind === "intent" ? result.intent : undefined;
    const outcome: Outcome = {
      phrase,
      got,
      correct: isCorrect(phrase.expect, got),
      violations: violations(phrase.expect, got),
    };
    tally(card.byOp, phrase.expect.op ?? "none", outcome.correct);
    tally(card.byStyle, phrase.style, outcome.correct);
    tally(card.byAct, phrase.act, outcome.correct);
    card.overall.total++;
    if (outcome.correct) card.overall.correct++;
    else card.misread.push(outcome);
    if (outcome.violations.length > 0) card.unsafe.push(outcome);
  }
  card.msPerPhrase = phrases.length > 0 ? spent / phrases.length : 0;
  return card;
}

/**
 * A tally as a fraction of 1 (0 for an empty slice).
 *
 * @example
 * ```ts
 * ratio({ correct: 3, total: 4 }); // 0.75
 * ```
 */
export function ratio(t: Tally): number {
  return t.total === 0 ? 0 : t.correct / t.total;
}
