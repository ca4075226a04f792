import assert from "node:assert/strict";
import { loadNlu, nluLoaded } from "../../src/intent/nlu/engine.ts";
import { parseCommand } from "../../src/intent/parse.ts";
import { type Intent, ParseResultSchema } from "../../src/intent/schema.ts";
import { ENTITY_PHRASES, NO_SIDES } from "./nl_dev_entities.ts";

function canonical(intent: object): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(intent).sort(([a], [b]) => a < b ? -1 : 1)),
  );
}

function misread(phrases: readonly [string, Intent][]): string[] {
  return phrases.flatMap(([text, want]) => {
    const r = ParseResultSchema.parse(parseCommand(text));
    return r.kind === "intent" && canonical(r.intent) === canonical(want)
      ? []
      : [`${text} → ${JSON.stringify(r.kind === "intent" ? r.intent : r.error)}`];
  });
}

function invented(): string[] {
  return NO_SIDES.flatMap((text) => {
    const r = parseCommand(text);
    return r.kind === "intent" && (r.intent.baseline || r.intent.candidate)
      ? [`${text} → ${JSON.stringify(r.intent)}`]
      : [];
  });
}

Deno.test("entity phrases: refs, sides, repos and runs come out exactly (lexical reading)", () => {
  assert.equal(nluLoaded(), false);
  assert.ok(ENTITY_PHRASES.length >= 80);
  assert.deepEqual(misread(ENTITY_PHRASES), []);
  assert.deepEqual(invented(), []);
});

Deno.test("entity phrases: the same with the NLP library loaded", async () => {
  await loadNlu();
  assert.equal(nluLoaded(), true);
  assert.deepEqual(misread(ENTITY_PHRASES), []);
  assert.deepEqual(invented(), []);
});

Deno.test("a side is never the repository, and a name's words never pick the operation", () => {
  const r = parseCommand("benchmark perf/x against main on foo/bar");
  assert.ok(r.kind === "intent");
  assert.equal(r.intent.repo, "foo/bar");
  assert.deepEqual([r.intent.baseline, r.intent.candidate], ["main", "perf/x"]);
  const flaky = parseCommand("run tests on my branch fix/flaky-login");
  assert.ok(flaky.kind === "intent");
  assert.equal(flaky.intent.op, "test");
  assert.equal(flaky.intent.ref, "fix/flaky-login");
});
