import assert from "node:assert/strict";
import { loadNlu, nluLoaded } from "../../src/intent/nlu/engine.ts";
import { MODEL_THRESHOLD, parseCommand } from "../../src/intent/parse.ts";
import { type Intent, type Op, ParseResultSchema } from "../../src/intent/schema.ts";
import { ROUND2_NOT_IDS, ROUND2_NOTHING, ROUND2_PHRASES, ROUND2_TYPOS } from "./nl_dev_round2.ts";

const ACTING = new Set<Op>(["test", "cancel", "subscribe", "unsubscribe", "login", "logout"]);

function canonical(intent: object): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(intent).sort(([a], [b]) => a < b ? -1 : 1)),
  );
}

/** Phrases whose intent differs; typos of state-changing commands must also be confirmed. */
function misread(phrases: readonly [string, Intent][], typos = false): string[] {
  return phrases.flatMap(([text, want]) => {
    const r = ParseResultSchema.parse(parseCommand(text));
    if (r.kind === "intent" && canonical(r.intent) === canonical(want)) {
      if (typos && ACTING.has(r.intent.op) && r.confidence! >= MODEL_THRESHOLD) {
        return [`${text}: confidence ${r.confidence} for a corrected ${r.intent.op}`];
      }
      return [];
    }
    return [`${text} → ${JSON.stringify(r.kind === "intent" ? r.intent : r.error)}`];
  });
}

function acted(texts: readonly string[]): string[] {
  return texts.flatMap((text) => {
    const r = parseCommand(text);
    return r.kind === "intent" ? [`${text} → ${JSON.stringify(r.intent)}`] : [];
  });
}

Deno.test("round 2: every phrase gives its exact intent, lexically and with the library", async () => {
  assert.equal(nluLoaded(), false);
  assert.deepEqual(misread([...ROUND2_PHRASES, ...ROUND2_NOT_IDS]), []);
  assert.deepEqual(misread(ROUND2_TYPOS, true), []);
  await loadNlu();
  assert.deepEqual(misread([...ROUND2_PHRASES, ...ROUND2_NOT_IDS]), []);
  assert.deepEqual(misread(ROUND2_TYPOS, true), []);
});

Deno.test("round 2: reports about others, chatter and rants are nothing", async () => {
  assert.deepEqual(acted(ROUND2_NOTHING), []);
  await loadNlu();
  assert.deepEqual(acted(ROUND2_NOTHING), []);
});

Deno.test("round 2: a bare job id is never dropped, and a count or duration is never one", async () => {
  await loadNlu();
  const target = (text: string) => {
    const r = parseCommand(text);
    return r.kind === "intent" ? r.intent.target : r.error;
  };
  assert.equal(target("status of 5521"), "5521");
  assert.equal(target("is 9b1e44d0 still stuck?"), "9b1e44d0");
  assert.equal(target("cancel the run that's been stuck for 40 minutes"), undefined);
  assert.equal(target("is the node 18 job still stuck?"), undefined);
});

Deno.test("round 2: the grammar hands a compare with filler words to the sentence reader", () => {
  const r = parseCommand("compare a.yml with b.yml for foo/bar, 2 runs");
  assert.equal(r.kind === "intent" && r.source, "natural");
  // A real key:value error is still the grammar's answer.
  const bad = parseCommand("compare a.yml and b.yml runs:80");
  assert.equal(bad.kind, "unsupported");
  assert.match(bad.kind === "unsupported" ? bad.error : "", /'runs' must be ≤ 50/);
});
