import assert from "node:assert/strict";
import { COMMANDS } from "../../src/intent/commands.ts";
import { loadNlu, nluLoaded } from "../../src/intent/nlu/engine.ts";
import { MODEL_THRESHOLD, parseCommand } from "../../src/intent/parse.ts";
import { type Intent, type Op, ParseResultSchema } from "../../src/intent/schema.ts";
import { DEV_PHRASES, LIBRARY_PHRASES, NEVER_ACT, NOTHING } from "./nl_dev_phrases.ts";

const STATE_CHANGING = new Set<Op>(["test", "cancel", "subscribe", "unsubscribe"]);
const TYPOS = /^(?:tset|anaylze|optmize|subscibe)\b/;

/** Phrases generated from the command table: every alias, bare and in a polite request. */
function generated(): [string, Op][] {
  const out: [string, Op][] = [];
  for (const c of COMMANDS) {
    if (c.name === "help" || c.name === "login" || c.name === "logout") continue;
    for (const verb of [c.name, ...c.aliases]) {
      out.push([`${verb} acme/app`, c.name]);
      if (c.name === "cancel") continue;
      out.push([`please ${verb} acme/app`, c.name]);
    }
  }
  return out;
}

function canonical(intent: object): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(intent).sort(([a], [b]) => a < b ? -1 : 1)),
  );
}

function check(label: string, phrases: readonly [string, Intent][] = DEV_PHRASES) {
  const misread: string[] = [];
  for (const [text, want] of phrases) {
    const r = ParseResultSchema.parse(parseCommand(text));
    if (r.kind !== "intent" || canonical(r.intent) !== canonical(want)) {
      misread.push(`${text} → ${JSON.stringify(r.kind === "intent" ? r.intent : r.error)}`);
      continue;
    }
    assert.ok(r.confidence !== undefined && r.confidence >= 0 && r.confidence <= 1, text);
    if (TYPOS.test(text)) assert.ok(r.confidence < MODEL_THRESHOLD, `${text}: typo confidence`);
  }
  assert.deepEqual(misread, [], `${label}: ${misread.length}/${phrases.length} misread`);
}

Deno.test("dev set: every hand-written phrase gives its exact intent (lexical reading)", () => {
  assert.equal(nluLoaded(), false);
  check("lexical");
});

Deno.test("dev set: the same with the NLP library loaded", async () => {
  await loadNlu();
  assert.equal(nluLoaded(), true);
  check("library");
  check("library lemmas", LIBRARY_PHRASES);
  // With the library the confidence is higher than the lexical reading's.
  const cancel = parseCommand("cancelling 9b1e44d0");
  assert.ok(cancel.kind === "intent" && cancel.confidence! >= MODEL_THRESHOLD);
  const r = parseCommand("please stop posting acme/web build failures in here");
  assert.ok(r.kind === "intent" && r.confidence! >= MODEL_THRESHOLD);
});

Deno.test("dev set: generated command-table phrases read as their operation", () => {
  const wrong: string[] = [];
  for (const [text, op] of generated()) {
    const r = parseCommand(text);
    if (r.kind !== "intent" || r.intent.op !== op) wrong.push(`${text} → ${JSON.stringify(r)}`);
  }
  assert.deepEqual(wrong, []);
});

Deno.test("safety: questions and non-commands never become a state-changing operation", () => {
  for (const text of NEVER_ACT) {
    const r = parseCommand(text);
    if (r.kind === "intent") {
      assert.ok(!STATE_CHANGING.has(r.intent.op), `${text} → ${r.intent.op}`);
    }
  }
});

Deno.test("safety: negated requests and statements become nothing, with or without the library", async () => {
  const acted = () =>
    NOTHING.flatMap((text) => {
      const r = parseCommand(text);
      return r.kind === "intent" ? [`${text} → ${JSON.stringify(r.intent)}`] : [];
    });
  assert.deepEqual(acted(), []);
  await loadNlu();
  assert.deepEqual(acted(), []);
  // Without the negation each of these acts: the refusal is what stops them.
  for (const text of ["cancel 7c2f9a11", "unsubscribe this channel from acme/app", "log me out"]) {
    assert.equal(parseCommand(text).kind, "intent", text);
  }
  assert.equal(parseCommand("please abort job 5120 on acme/api").kind, "intent");
});

Deno.test("grammar results carry confidence 1; a hex job id is never dropped", () => {
  const r = parseCommand("/ci-test cancel 9b1e44d0");
  assert.ok(r.kind === "intent");
  assert.equal(r.source, "grammar");
  assert.equal(r.confidence, 1);
  assert.deepEqual(r.intent, { op: "cancel", target: "9b1e44d0" });
  // An argument cancel cannot place is never dropped: the id is kept, or the command refused.
  for (const text of ["cancel the-thing 9b1e44d0", "please cancel 9b1e44d0 on acme/app"]) {
    const c = parseCommand(text);
    if (c.kind === "intent") assert.equal(c.intent.target, "9b1e44d0", text);
  }
});
