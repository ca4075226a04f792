import assert from "node:assert/strict";
import { MODEL_THRESHOLD, parseCommand, validateIntent } from "../../src/intent/parse.ts";
import { closeCommands, editDistance } from "../../src/intent/suggest.ts";
import { expectUnsupported } from "./helpers.ts";

Deno.test("gibberish gets the most used commands and two examples", () => {
  const r = expectUnsupported("asdf qwer zxcv");
  assert.deepEqual(r.suggestions, ["analyze", "test", "help"]);
  assert.deepEqual(r.examples, [
    "analyze repo:acme/app",
    "test acme/app ci.yml matrix:python-version=3.11,3.12",
  ]);
  assert.match(r.error, /"asdf"/);
});

Deno.test("typo'd command words are read at low confidence (issue 15: confirm, then act)", () => {
  for (const typo of ["anaylze acme/app", "analize acme/app", "/ci-test anaylze acme/app"]) {
    const r = parseCommand(typo);
    assert.equal(r.kind, "intent", typo);
    if (r.kind !== "intent") continue;
    assert.deepEqual(r.intent, { op: "analyze", repo: "acme/app" }, typo);
    assert.equal(r.source, "natural", typo);
    assert.ok((r.confidence ?? 1) < MODEL_THRESHOLD, typo);
    assert.match(r.explanation, /read '\w+' as 'anal\w+' \(typo\)/);
  }
  assert.equal(closeCommands("comprae main dev")[0], "compare");
  assert.equal(closeCommands("subscibe acme/app")[0], "subscribe");
  assert.equal(editDistance("anaylze", "analyze"), 1);
  assert.equal(editDistance("", "abc"), 3);
});

Deno.test("unknown keys name the closest key and are not guessed around", () => {
  const r = expectUnsupported("test acme/app wrkflow:ci.yml");
  assert.match(r.error, /Unknown key 'wrkflow'.*did you mean 'workflow'\?/);
  assert.deepEqual(r.suggestions, ["test"]);
  assert.match(expectUnsupported("test acme/app --colour red").error, /Unknown key 'colour'/);
});

Deno.test("value errors quote the field and the value", () => {
  const cases: [string, string][] = [
    ["test acme/app runs:80", "'runs' must be ≤ 50: current value is 80"],
    ["test acme/app runs:0", "'runs' must be ≥ 1: current value is 0"],
    ["test acme/app runs:five", "'runs' must be a whole number: current value is 'five'"],
    [
      "analyze repo:acme",
      "'repo' must be written owner/name, e.g. acme/app (owner: 1–39 letters, digits or " +
      "single inner hyphens; name: up to 100 letters, digits, '.', '_' or '-', not '.' or " +
      "'..'): current value is 'acme'",
    ],
    [
      "migrate acme/app strategy:rewrite",
      "'strategy' must be one of reusable, actions, hybrid: current value is 'rewrite'",
    ],
    [
      "subscribe acme/app on:sometimes",
      "'on' must be one of failure, recovery, always: current value is 'sometimes'",
    ],
    ["test acme/app ref:main ref:dev", "'ref' was given twice: 'main' and 'dev'"],
    ["analyze acme/app baseline:main", "'baseline' does not apply to analyze"],
    ["test --repo", "'--repo' needs a value"],
    [
      "help topic:deploy",
      "'topic' must name a command (test, compare, migrate, analyze, …): current value is 'deploy'",
    ],
    [
      `test acme/app ref:${"x".repeat(300)}`,
      "'ref' must be at most 255 characters: current value is",
    ],
  ];
  for (const [text, error] of cases) {
    const r = expectUnsupported(text);
    assert.ok(r.error.startsWith(error), `${text}: ${r.error}`);
    assert.ok(r.hint.length > 0);
  }
  assert.match(expectUnsupported("test acme/app runs:80").hint, /runs:5/);
});

Deno.test("bad JSON matrix and bad inline matrix", () => {
  const json = expectUnsupported(`test acme/app --matrix '{"python-version": ["3.11",}'`);
  assert.match(json.error, /^'matrix' is not valid JSON/);
  assert.match(json.error, /current value is '\{"python-version": \["3.11",\}'/);
  assert.match(json.hint, /matrix:python-version=3.11,3.12/);
  const list = expectUnsupported(`test acme/app matrix:'["a"]'`);
  assert.match(list.error, /'matrix' must be a JSON object/);
  const nested = expectUnsupported(`test acme/app matrix:{"os": {"a": 1}}`);
  assert.match(nested.error, /dimension 'os' must be a list/);
  const inline = expectUnsupported("test acme/app matrix:os=a;=b");
  assert.match(inline.error, /needs dimension=values/);
  assert.match(expectUnsupported(`test acme/app matrix:{}`).error, /at least one entry/);
});

Deno.test("input longer than 4,000 characters is refused with its length", () => {
  const r = expectUnsupported(`analyze acme/app ${"a".repeat(5000)}`);
  assert.equal(r.error, "The command is 5017 characters long; the limit is 4000");
});

Deno.test("conflicting command word and verb", () => {
  const r = expectUnsupported("/ci-analyze deploy acme/app");
  assert.match(r.error, /after 'analyze'|does not fit/);
});

Deno.test("validateIntent reports nested paths", () => {
  assert.throws(
    () => validateIntent({ op: "test", matrix: { os: [] } }),
    /'matrix.os' must have at least 1 value: current value is '\[\]'/,
  );
  assert.throws(() => validateIntent("nope"), /not an intent/);
  assert.throws(() => validateIntent({ op: "test", extra: 1 }), /not an intent|not valid/);
  assert.equal(parseCommand(42 as unknown as string).kind, "unsupported");
});
