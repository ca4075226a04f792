import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import {
  checkDispatchInputs,
  correlationInput,
  type DeclaredInputs,
  declaredInputs,
  MAX_DISPATCH_INPUTS,
} from "../../src/workflow/dispatch_inputs.ts";

// CI clones this repository with `shared/` beside it, as on the development machine.
const CORPUS = new URL("../../../shared/corpus/github", import.meta.url).pathname;

const WITH_INPUTS = `name: CI
on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      debug:
        description: Verbose logs
        type: boolean
        default: false
      level:
        type: choice
        options: [low, high]
        required: true
        default: low
      python:
        default: 3.10
      retries:
        type: number
      target:
        type: environment
        required: true
      note:
        required: true
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`;

/** The error thrown by `fn`, asserting it is a CiError. */
function errorOf(fn: () => unknown): CiError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CiError, `not a CiError: ${error}`);
    return error;
  }
  assert.fail("expected a CiError");
}

Deno.test("declared inputs: names, types, defaults as written, options and lines", () => {
  const d = declaredInputs("ci.yml", WITH_INPUTS);
  assert.equal(d.dispatchable, true);
  assert.deepEqual(
    d.inputs.map((i) => [i.name, i.type, i.required, i.default, i.options, i.pos.line]),
    [
      ["debug", "boolean", false, "false", undefined, 7],
      ["level", "choice", true, "low", ["low", "high"], 11],
      ["python", "string", false, "3.10", undefined, 16],
      ["retries", "number", false, undefined, undefined, 18],
      ["target", "environment", true, undefined, undefined, 20],
      ["note", "string", true, undefined, undefined, 23],
    ],
  );
  assert.equal(d.inputs[0].description, "Verbose logs");
});

Deno.test("declared inputs: every trigger form", () => {
  const jobs = "jobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n";
  const forms: Array<[string, boolean]> = [
    ["on: workflow_dispatch\n", true],
    ["on: push\n", false],
    ["on: [push, workflow_dispatch]\n", true],
    ["on: [push, pull_request]\n", false],
    ["on:\n  workflow_dispatch:\n", true],
    ["on:\n  workflow_dispatch: {}\n", true],
    ["on:\n  push:\n  workflow_dispatch:\n    inputs: {}\n", true],
    ["on:\n  push:\n    branches: [main]\n", false],
  ];
  for (const [on, dispatchable] of forms) {
    const d = declaredInputs("ci.yml", on + jobs);
    assert.deepEqual(d, { dispatchable, inputs: [] }, on);
  }
});

Deno.test("declared inputs of real corpus workflows", () => {
  // pytest's test.yml: `workflow_dispatch:  # allows manual triggering` with no inputs.
  const pytest = declaredInputs(
    "test.yml",
    Deno.readTextFileSync(`${CORPUS}/pytest-dev__pytest__.github__workflows__test.yml`),
  );
  assert.deepEqual(pytest, { dispatchable: true, inputs: [] });
  assert.deepEqual(
    checkDispatchInputs("test.yml", pytest, {}),
    {},
  );
  const err = errorOf(() => checkDispatchInputs("test.yml", pytest, { debug: "true" }));
  assert.match(
    err.message,
    /input 'debug' \(value 'true'\) is not declared: test\.yml declares no inputs/,
  );
  const stale = declaredInputs(
    "stale.yml",
    Deno.readTextFileSync(`${CORPUS}/eslint__eslint__.github__workflows__stale.yml`),
  );
  assert.equal(stale.dispatchable, false);
});

Deno.test("declared inputs: unreadable YAML and action files are refused", () => {
  assert.equal(errorOf(() => declaredInputs("ci.yml", "on: [push\n")).code, "bad_request");
  const action = errorOf(() =>
    declaredInputs("action.yml", "name: a\nruns:\n  using: composite\n  steps: []\n")
  );
  assert.match(action.message, /action metadata file, not a workflow/);
});

Deno.test("valid inputs pass through, booleans normalised, defaults left to GitHub", () => {
  const d = declaredInputs("ci.yml", WITH_INPUTS);
  assert.deepEqual(
    checkDispatchInputs("ci.yml", d, {
      debug: "TRUE",
      level: "high",
      retries: " 3 ",
      target: "staging",
      note: "$(rm -rf /) ${{ secrets.X }}",
    }),
    {
      debug: "true",
      level: "high",
      retries: "3",
      target: "staging",
      note: "$(rm -rf /) ${{ secrets.X }}",
    },
  );
});

Deno.test("every problem is reported at once, each with its value", () => {
  const d = declaredInputs("ci.yml", WITH_INPUTS);
  const err = errorOf(() =>
    checkDispatchInputs("ci.yml", d, {
      debg: "1",
      debug: "yes",
      level: "medium",
      retries: "three",
      target: " ",
    })
  );
  assert.equal(err.code, "bad_request");
  assert.equal(
    err.message,
    [
      "Cannot dispatch ci.yml: 6 problems with the inputs",
      "- input 'debg' (value '1') is not declared (did you mean 'debug'?): declared inputs are " +
      "debug, level, python, retries, target, note",
      "- 'debug' must be true or false: current value is 'yes'",
      "- 'level' must be one of low, high: current value is 'medium'",
      "- 'retries' must be a number: current value is 'three'",
      "- 'target' must name an environment: current value is empty",
      "- 'note' is required and has no default: current value is missing",
    ].join("\n"),
  );
  assert.match(err.hint ?? "", /level \(choice of low\|high, required, default 'low'\)/);
  assert.match(err.hint ?? "", /inputs:name=value/);
});

Deno.test("a single problem reads as one sentence; long values are shortened", () => {
  const d = declaredInputs("ci.yml", WITH_INPUTS);
  const err = errorOf(() =>
    checkDispatchInputs("ci.yml", d, { note: "n", target: "t", retries: "x".repeat(500) })
  );
  assert.equal(
    err.message,
    `Cannot dispatch ci.yml: 'retries' must be a number: current value is '${"x".repeat(79)}…'`,
  );
});

Deno.test("at most 25 inputs", () => {
  const many: DeclaredInputs = {
    dispatchable: true,
    inputs: Array.from({ length: 27 }, (_, i) => ({
      name: `in${i}`,
      type: "string" as const,
      required: false,
      pos: { line: i + 1, column: 1 },
    })),
  };
  const given = Object.fromEntries(many.inputs.map((i) => [i.name, "v"]));
  const err = errorOf(() => checkDispatchInputs("ci.yml", many, given));
  assert.match(
    err.message,
    new RegExp(`a workflow takes at most ${MAX_DISPATCH_INPUTS} inputs: current count is 27`),
  );
  assert.match(err.message, /ci\.yml declares 27 inputs: GitHub accepts at most 25/);
  const ok = { ...many, inputs: many.inputs.slice(0, 25) };
  const sent = checkDispatchInputs(
    "ci.yml",
    ok,
    Object.fromEntries(
      ok.inputs.map((i) => [i.name, "v"]),
    ),
  );
  assert.equal(Object.keys(sent).length, 25);
});

Deno.test("a workflow without workflow_dispatch gets the YAML to add", () => {
  const d = declaredInputs("ci.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: []\n");
  const err = errorOf(() => checkDispatchInputs("ci.yml", d, { debug: "true", "bad name'": "x" }));
  assert.equal(
    err.message,
    "Cannot dispatch ci.yml: it has no workflow_dispatch trigger; add `on: workflow_dispatch:` " +
      "with inputs to the workflow",
  );
  assert.equal(
    err.hint,
    "Add this under `on:` (keeping the other triggers):\n" +
      "on:\n  workflow_dispatch:\n    inputs:\n      debug:\n        type: string\n" +
      "        required: false",
  );
  const bare = errorOf(() => checkDispatchInputs("ci.yml", d, {}));
  assert.match(bare.hint ?? "", /workflow_dispatch:$/);
});

Deno.test("inherited names are not declared inputs", () => {
  const d = declaredInputs("ci.yml", WITH_INPUTS);
  const err = errorOf(() =>
    checkDispatchInputs("ci.yml", d, { constructor: "x", note: "n", target: "t" })
  );
  assert.match(err.message, /input 'constructor' \(value 'x'\) is not declared/);
});

Deno.test("correlation input: known names, string type only, in priority order", () => {
  const wf = (inputs: string) =>
    declaredInputs(
      "ci.yml",
      `on:\n  workflow_dispatch:\n    inputs:\n${inputs}jobs:\n  a:\n    runs-on: x\n    steps: []\n`,
    );
  assert.equal(correlationInput(wf("      dispatch_id: {}\n")), "dispatch_id");
  assert.equal(
    correlationInput(
      wf("      dispatch_id: {}\n      ci_orchestrator_id:\n        type: string\n"),
    ),
    "ci_orchestrator_id",
  );
  assert.equal(correlationInput(wf("      correlation_id: {type: boolean}\n")), undefined);
  assert.equal(correlationInput(wf("      run_id: {}\n")), undefined);
  assert.equal(correlationInput({ dispatchable: false, inputs: [] }), undefined);
});
