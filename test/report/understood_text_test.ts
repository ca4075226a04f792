import assert from "node:assert/strict";
import { loadNlu } from "../../src/intent/nlu/engine.ts";
import { parseCommand } from "../../src/intent/parse.ts";
import { understoodReport } from "../../src/report/understood.ts";

Deno.test("Understood as: says what was read, never the reader's internal rule ids", async () => {
  await loadNlu();
  const parsed = parseCommand("please run the tests for acme/app with python 3.11 and 3.12");
  assert.equal(parsed.kind, "intent");
  if (parsed.kind !== "intent") return;
  // The explanation keeps its ids for `cli parse` (debugging)…
  assert.match(parsed.explanation, /rule '[a-z-]+'/);
  assert.equal(parsed.source, "natural");
  const report = understoodReport(parsed.intent, {
    source: "natural",
    explanation: parsed.explanation,
  });
  // …the person sees the words that were read and what they became.
  assert.doesNotMatch(report.summary, /rule '|natural language \(/);
  assert.match(report.summary, /^Read from plain language \(\\?"please run\\?" → test; read repo/);
  assert.match(report.summary, /matrix python 3\\\.11, 3\\\.12\)/);
});
