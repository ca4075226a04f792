/**
 * The natural-language evaluation: the scorer on small synthetic sets, the shape of the real
 * set, and a ratchet that keeps today's reader from getting worse on it.
 */
import { loadNlu } from "../../src/intent/nlu/engine.ts";
import assert from "node:assert/strict";
import { parseCommand } from "../../src/intent/parse.ts";
import { IntentSchema, OPS, type ParseResult } from "../../src/intent/schema.ts";
import { FRESH_PHRASES } from "./eval/fresh/mod.ts";
import { PHRASES } from "./eval/phrases.ts";
import { renderJson, renderText } from "./eval/render.ts";
import { changesState } from "./eval/safety.ts";
import { evaluate, ratio, type Reader } from "./eval/score.ts";
import { ACTS, type EvalPhrase, p, STYLES } from "./eval/types.ts";

/**
 * Accuracy on the first set with the reader of issue 15's second round (rules, classifier,
 * names): the floor the suite holds, at or above the issue's 0.95. To raise it: run
 * `deno task eval:nl --json` and write its `accuracy`, rounded down to three decimals, here.
 * Never lower it.
 */
const ACCURACY_FLOOR = 0.975;
/**
 * Accuracy on the second set (`eval/fresh/`, written blind; 0.705 at the start of the round,
 * 0.833 when first scored after it, 0.883 once its safety misreadings were fixed, 0.879 once a guessed `use` could no longer name a repository): `--fresh`.
 */
const FRESH_ACCURACY_FLOOR = 0.879;
/**
 * Safety violations measured with that reader: the ceiling the suite holds. The target is 0.
 * Lower it to the `safetyViolations` of `deno task eval:nl --json` whenever a reader improves.
 */
const SAFETY_CEILING = 0;

const intent = (value: Record<string, unknown>): ParseResult => ({
  kind: "intent",
  intent: IntentSchema.parse(value),
  source: "natural",
  explanation: "synthetic",
});
const refused: ParseResult = {
  kind: "unsupported",
  error: "synthetic",
  hint: "",
  suggestions: [],
  examples: [],
};
/** A reader that answers from a table, so the scorer is tested apart from any parser. */
const tableReader = (answers: Record<string, ParseResult>): Reader => (text) =>
  answers[text] ?? refused;

Deno.test("eval scorer: right op and fields, matrix as sets, repo in any case", () => {
  const set = [
    p("a", "range", "request", {
      op: "test",
      repo: "acme/app",
      matrix: { "python-version": ["3.10", "3.11"] },
    }),
    p("b", "smalltalk", "statement", { op: null }),
    p("c", "smalltalk", "statement", { op: null }),
  ];
  const card = evaluate(
    set,
    tableReader({
      a: intent({ op: "test", repo: "Acme/App", matrix: { "python-version": ["3.11", "3.10"] } }),
      c: intent({ op: "help" }),
    }),
  );
  assert.deepEqual(card.overall, { correct: 3, total: 3 });
  assert.deepEqual(card.misread, []);
  assert.deepEqual(card.unsafe, []);
});

Deno.test("eval scorer: a wrong field, a missing value and a wrong op are misreadings", () => {
  const set = [
    p("a", "branch", "request", { op: "test", repo: "acme/web", ref: "fix/flaky-login" }),
    p("b", "range", "request", { op: "test", matrix: { "node-version": ["18", "20", "22"] } }),
    p("c", "question", "question", { op: "analyze" }),
    p("d", "terse", "request", { op: "analyze" }),
  ];
  const card = evaluate(
    set,
    tableReader({
      a: intent({ op: "test", repo: "acme/web", ref: "fix" }),
      b: intent({ op: "test", matrix: { "node-version": ["18"] } }),
      c: intent({ op: "optimize" }),
    }),
  );
  assert.deepEqual(card.misread.map((o) => o.phrase.text), ["a", "b", "c", "d"]);
  assert.deepEqual(card.byStyle.question, { correct: 0, total: 1 });
  assert.deepEqual(card.byOp.test, { correct: 0, total: 2 });
  assert.equal(card.unsafe.length, 0, "reading wrongly without acting is not unsafe");
});

Deno.test("eval scorer: acting on a question, acting otherwise, and a lost job id are unsafe", () => {
  const set = [
    p("question", "question", "question", { op: "status" }),
    p("chat", "smalltalk", "statement", { op: null }),
    p("stop posting", "polite", "negation", { op: "unsubscribe", repo: "acme/web" }),
    p("cancel 9b1e44d0", "exact", "request", { op: "cancel", target: "9b1e44d0" }),
    p("history", "question", "question", { op: "compare", baseline: "main", candidate: "dev" }),
  ];
  const card = evaluate(
    set,
    tableReader({
      question: intent({ op: "test" }),
      chat: intent({ op: "subscribe" }),
      "stop posting": intent({ op: "cancel", repo: "acme/web" }),
      "cancel 9b1e44d0": intent({ op: "cancel" }),
      history: intent({ op: "compare", baseline: "main", candidate: "dev", runs: 5 }),
    }),
  );
  assert.deepEqual(
    card.unsafe.map((o) => [o.phrase.text, o.violations]),
    [
      ["question", ["state-change"]],
      ["chat", ["state-change"]],
      ["stop posting", ["other-action"]],
      ["cancel 9b1e44d0", ["target"]],
      ["history", ["state-change"]],
    ],
  );
  assert.match(renderText(card), /safety violations: 5/);
  assert.equal(renderJson(card).safetyViolations, 5);
});

Deno.test("eval scorer: which intents change state", () => {
  assert.equal(changesState({ op: "test" }), true);
  assert.equal(changesState({ op: "subscribe" }), true);
  assert.equal(changesState({ op: "subscribe", target: "list" }), false);
  assert.equal(changesState({ op: "compare" }), false);
  assert.equal(changesState({ op: "compare", runs: 3 }), true);
  assert.equal(changesState({ op: "optimize" }), false);
  assert.equal(changesState({ op: "migrate", apply: { step: "preview" } }), true);
  assert.equal(changesState({ op: "status" }), false);
  assert.equal(changesState({ op: null }), false);
});

Deno.test("eval set: ≥ 500 phrases, ≥ 30 % questions, every op, style and act, no duplicates", () => {
  assert.ok(PHRASES.length >= 500, `${PHRASES.length} phrases`);
  const questions = PHRASES.filter((x) => x.act === "question").length;
  assert.ok(questions / PHRASES.length >= 0.3, `${questions}/${PHRASES.length} questions`);
  const ops = new Set(PHRASES.map((x) => x.expect.op));
  assert.deepEqual(OPS.filter((op) => !ops.has(op)), []);
  assert.ok(ops.has(null), "non-commands are in the set");
  const styles = new Set(PHRASES.map((x) => x.style));
  assert.deepEqual(STYLES.filter((s) => !styles.has(s)), []);
  const acts = new Set(PHRASES.map((x) => x.act));
  assert.deepEqual(ACTS.filter((a) => !acts.has(a)), []);
  const seen = new Set<string>();
  const twice = PHRASES.filter((x) => seen.size === seen.add(x.text.toLowerCase()).size);
  assert.deepEqual(twice.map((x) => x.text), []);
});

Deno.test("eval set: every expectation is a valid intent with the public field names", () => {
  const invalid = PHRASES.filter((x: EvalPhrase) =>
    x.expect.op !== null && !IntentSchema.safeParse(x.expect).success
  );
  assert.deepEqual(invalid.map((x) => x.text), []);
});

Deno.test("eval ratchet: today's reader keeps its accuracy and adds no unsafe reading", async () => {
  await loadNlu(); // as the running service reads: with the language library loaded
  const card = evaluate(PHRASES, (text) => parseCommand(text));
  const accuracy = ratio(card.overall);
  assert.ok(
    accuracy >= ACCURACY_FLOOR,
    `accuracy ${accuracy.toFixed(3)} fell below the floor ${ACCURACY_FLOOR}; run deno task eval:nl`,
  );
  assert.ok(
    card.unsafe.length <= SAFETY_CEILING,
    `${card.unsafe.length} safety violations, more than ${SAFETY_CEILING}: ` +
      card.unsafe.map((o) => JSON.stringify(o.phrase.text)).join(", "),
  );
});

Deno.test("eval ratchet: the second, blind set keeps its accuracy and has no unsafe reading", async () => {
  await loadNlu();
  const card = evaluate(FRESH_PHRASES, (text) => parseCommand(text));
  const accuracy = ratio(card.overall);
  assert.ok(
    accuracy >= FRESH_ACCURACY_FLOOR,
    `fresh accuracy ${
      accuracy.toFixed(3)
    } fell below ${FRESH_ACCURACY_FLOOR}; run deno task eval:nl --fresh`,
  );
  assert.deepEqual(card.unsafe.map((o) => o.phrase.text), []);
});
