/**
 * The shape of one evaluation phrase, kept apart from the phrases so the scorer and its tests
 * can build small synthetic sets without loading the real one.
 *
 * @module
 */
import type { Op } from "../../../src/intent/schema.ts";

/** How a phrase is written: the axis the report breaks accuracy down by. */
export type Style =
  | "exact"
  | "terse"
  | "polite"
  | "question"
  | "typo"
  | "url"
  | "branch"
  | "range"
  | "inputs"
  | "two-workflows"
  | "noncommand"
  | "smalltalk";

/** Every style, in report order. */
export const STYLES: readonly Style[] = [
  "exact",
  "terse",
  "polite",
  "question",
  "typo",
  "url",
  "branch",
  "range",
  "inputs",
  "two-workflows",
  "noncommand",
  "smalltalk",
];

/** The dialogue act: what the person is doing with the sentence. */
export type Act = "request" | "question" | "statement" | "negation";

/** Every dialogue act, in report order. */
export const ACTS: readonly Act[] = ["request", "question", "statement", "negation"];

/**
 * What the reader should produce: the operation and only the fields the sentence states, with
 * the Intent's field names and value shapes. `op: null` means nothing should run.
 */
export type Expect = { op: Op; [field: string]: unknown } | { op: null };

/**
 * One phrase as an engineer would type it in chat.
 *
 * @example
 * ```ts
 * const p: EvalPhrase = {
 *   text: "why is CI slow on acme/app",
 *   style: "question",
 *   act: "question",
 *   expect: { op: "analyze", repo: "acme/app" },
 * };
 * ```
 */
export interface EvalPhrase {
  text: string;
  style: Style;
  act: Act;
  expect: Expect;
}

/**
 * Builds a phrase in one short line, so the set files stay readable as a list.
 *
 * @example
 * ```ts
 * p("lol", "smalltalk", "statement", { op: null }).expect.op; // null
 * ```
 */
export function p(text: string, style: Style, act: Act, expect: Expect): EvalPhrase {
  return { text, style, act, expect };
}
