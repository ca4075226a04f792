import assert from "node:assert/strict";
import { classify, features } from "../../src/intent/nlu/classify.ts";
import { loadNlu, nluLoaded } from "../../src/intent/nlu/engine.ts";
import { trainingSet } from "../../src/intent/nlu/training.ts";
import { MODEL_THRESHOLD, parseCommand } from "../../src/intent/parse.ts";
import { type Intent, type Op, ParseResultSchema } from "../../src/intent/schema.ts";
import { BRIEF_NOTHING, BRIEF_PHRASES } from "./nl_brief_phrases.ts";
import { OPS_NEVER_ACT, OPS_NOTHING, OPS_PHRASES } from "./nl_dev_ops_phrases.ts";

const ACTING = new Set<Op>(["test", "cancel", "subscribe", "unsubscribe", "login", "logout"]);
/** Typos of account and help words: read, but below the threshold so the caller confirms. */
const ACCOUNT_TYPOS = /^(?:lgoin|logotu|sing|hepl|hlpe|hlep)\b/;

function canonical(intent: object): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(intent).sort(([a], [b]) => a < b ? -1 : 1)),
  );
}

function misread(phrases: readonly [string, Intent][]): string[] {
  return phrases.flatMap(([text, want]) => {
    const r = ParseResultSchema.parse(parseCommand(text));
    if (r.kind === "intent" && canonical(r.intent) === canonical(want)) {
      if (ACCOUNT_TYPOS.test(text)) assert.ok(r.confidence! < MODEL_THRESHOLD, text);
      return [];
    }
    return [`${text} → ${JSON.stringify(r.kind === "intent" ? r.intent : r.error)}`];
  });
}

Deno.test("operation dev set: every phrase gives its exact intent, lexically and with the library", async () => {
  assert.equal(nluLoaded(), false);
  const lexical = misread(OPS_PHRASES);
  assert.deepEqual(lexical, [], `lexical: ${lexical.length}/${OPS_PHRASES.length} misread`);
  await loadNlu();
  const library = misread(OPS_PHRASES);
  assert.deepEqual(library, [], `library: ${library.length}/${OPS_PHRASES.length} misread`);
});

Deno.test("the brief's examples give their exact intent, lexically and with the library", async () => {
  assert.deepEqual(misread(BRIEF_PHRASES), []);
  await loadNlu();
  assert.deepEqual(misread(BRIEF_PHRASES), []);
});

Deno.test("operation dev set: talk about GitHub, reports and small talk is nothing", async () => {
  const acted = () =>
    [...OPS_NOTHING, ...BRIEF_NOTHING].flatMap((text) => {
      const r = parseCommand(text);
      return r.kind === "intent" ? [`${text} → ${JSON.stringify(r.intent)}`] : [];
    });
  assert.deepEqual(acted(), []);
  await loadNlu();
  assert.deepEqual(acted(), []);
});

Deno.test("safety: questions naming a state-changing word never change state", async () => {
  const unsafe = () =>
    OPS_NEVER_ACT.flatMap((text) => {
      const r = parseCommand(text);
      // Listing subscriptions is read-only: `subscribe` with target "list" changes nothing.
      const listing = r.kind === "intent" && r.intent.target === "list" &&
        Object.keys(r.intent).length === 2;
      return r.kind === "intent" && ACTING.has(r.intent.op) && !listing
        ? [`${text} → ${JSON.stringify(r.intent)}`]
        : [];
    });
  assert.deepEqual(unsafe(), []);
  await loadNlu();
  assert.deepEqual(unsafe(), []);
});

Deno.test("classifier: trained only on generated text, and reads unseen complaints", () => {
  const trained = new Set(trainingSet().map(([text]) => text.toLowerCase()));
  const dev = OPS_PHRASES.map(([text]) => text.toLowerCase()).filter((t) => trained.has(t));
  assert.deepEqual(dev, [], "a development phrase is in the training set");
  assert.equal(classify("REPONAME builds have been dragging all week").label, "analyze");
  assert.equal(classify("what would shave minutes off REPONAME").label, "optimize");
  assert.equal(classify("did you watch the game yesterday").label, "none");
  assert.ok(features("why is REPONAME slow").includes("why_is"));
});

Deno.test("classifier: never chooses a state-changing operation on its own", () => {
  // "give REPONAME a spin" reads as test to the classifier, but a run needs a rule's words.
  assert.equal(classify("give REPONAME a spin").label, "test");
  assert.equal(parseCommand("give acme/app a spin").kind, "unsupported");
});
