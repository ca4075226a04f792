import assert from "node:assert/strict";
import { COMMANDS } from "../../src/intent/commands.ts";
import { intentToCommand } from "../../src/intent/format.ts";
import { parseCommand } from "../../src/intent/parse.ts";
import type { Intent } from "../../src/intent/schema.ts";

function roundTrip(intent: Intent): void {
  const text = intentToCommand(intent);
  const r = parseCommand(text);
  assert.equal(r.kind, "intent", `${text}: ${JSON.stringify(r)}`);
  if (r.kind === "intent") assert.deepEqual(r.intent, intent, text);
}

Deno.test("intentToCommand prints canonical command text", () => {
  assert.equal(
    intentToCommand({ op: "analyze", repo: "acme/app", workflow: "ci.yml" }),
    "analyze repo:acme/app workflow:ci.yml",
  );
  assert.equal(intentToCommand({ op: "help", topic: "compare" }), "help compare");
  assert.equal(
    intentToCommand({
      op: "test",
      matrix: { "python-version": ["3.11", "3.12"], os: ["ubuntu-latest"] },
    }),
    "test matrix:python-version=3.11,3.12;os=ubuntu-latest",
  );
  assert.equal(intentToCommand({ op: "test", ref: "my branch" }), "test ref:'my branch'");
});

Deno.test("every table example round-trips through intentToCommand", () => {
  for (const spec of COMMANDS) {
    for (const example of spec.examples) {
      const r = parseCommand(example);
      assert.equal(r.kind, "intent", example);
      if (r.kind === "intent") roundTrip(r.intent);
    }
  }
});

Deno.test("awkward values round-trip", () => {
  const cases: Intent[] = [
    { op: "test", repo: "acme/app", ref: 'it\'s "quoted" \\ here', runs: 3 },
    { op: "test", inputs: { a: "1", tags: "x,y", "with space": "v w", eq: "k=v,z=1" } },
    { op: "test", inputs: { cmd: "$(id) ${{ secrets.X }} `x`" } },
    { op: "test", matrix: { "node version": ["18 lts", "a,b"], os: ["x;y"] } },
    { op: "test", matrix: "full" },
    { op: "subscribe", repo: "acme/app", on: "recovery", branch: "main", event: "push" },
    {
      op: "compare",
      baseline: "feature/x",
      candidate: "main",
      workflow: ".github/workflows/ci.yml",
    },
    { op: "migrate", repo: "acme/app", strategy: "hybrid", target: "build" },
    { op: "cancel", target: "12" },
    { op: "status" },
    { op: "help" },
    { op: "test", ref: "“smart” ‘quotes’" },
  ];
  for (const intent of cases) roundTrip(intent);
});

Deno.test("intentToCommand: the subscriptions listing prints as a word that parses back", () => {
  const listing = { op: "subscribe" as const, target: "list" };
  assert.equal(intentToCommand(listing), "subscriptions");
  const parsed = parseCommand(intentToCommand(listing));
  assert.equal(parsed.kind, "intent");
  if (parsed.kind === "intent") assert.deepEqual(parsed.intent, listing);
});
