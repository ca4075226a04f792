import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { MAX_WORKFLOW_BYTES, parseWorkflowFile } from "../../src/workflow/parse.ts";
import { isSha, majorVersion, parseUses } from "../../src/workflow/uses.ts";
import type { Workflow } from "../../src/workflow/model.ts";

const workflow = (src: string): Workflow => {
  const { file, problems } = parseWorkflowFile("ci.yml", src);
  assert.deepEqual(problems, []);
  assert.equal(file?.kind, "workflow");
  return file as Workflow;
};

Deno.test("triggers in string, list and map forms", () => {
  assert.deepEqual(workflow("on: push\njobs: {}\n").triggers.map((t) => t.event), ["push"]);
  assert.deepEqual(
    workflow("on: [push, pull_request]\njobs: {}\n").triggers.map((t) => [t.event, t.pos.line]),
    [["push", 1], ["pull_request", 1]],
  );
  const map = workflow("on:\n  push:\n    branches: [main]\n  workflow_dispatch:\njobs: {}\n");
  assert.deepEqual(map.triggers.map((t) => [t.event, t.config, t.pos.line]), [
    ["push", { branches: ["main"] }, 2],
    ["workflow_dispatch", null, 4],
  ]);
});

Deno.test("jobs and steps keep values and source lines", () => {
  const wf = workflow(`name: CI
on: push
permissions: read-all
concurrency: ci
jobs:
  test:
    name: Test
    runs-on: [self-hosted, linux]
    needs: [lint]
    timeout-minutes: 10
    strategy:
      matrix:
        node: [20, 22]
    steps:
      - id: co
        uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - run: npm test
        shell: bash
  lint:
    runs-on: ubuntu-latest
    needs: test
    steps: []
  call:
    uses: ./.github/workflows/x.yml
    with:
      a: 1
`);
  assert.equal(wf.name, "CI");
  assert.deepEqual(wf.permissions, { value: "read-all", pos: { line: 3, column: 1 } });
  assert.deepEqual(wf.concurrency, { group: "ci", pos: { line: 4, column: 1 } });
  const [test, lint, call] = wf.jobs;
  assert.deepEqual([test.id, test.name, test.pos.line], ["test", "Test", 6]);
  assert.deepEqual(test.runsOn, ["self-hosted", "linux"]);
  assert.deepEqual(test.needs.map((n) => [n.value, n.pos.line]), [["lint", 9]]);
  assert.equal(test.timeoutMinutes, 10);
  assert.deepEqual(test.matrix, { node: [20, 22] });
  assert.equal(test.steps[0].id, "co");
  assert.deepEqual([test.steps[0].uses?.value, test.steps[0].uses?.pos.line], [
    "actions/checkout@v4",
    16,
  ]);
  assert.deepEqual(test.steps[0].with["fetch-depth"].value, "0");
  assert.deepEqual([test.steps[1].run?.value, test.steps[1].shell], ["npm test", "bash"]);
  assert.deepEqual(lint.needs.map((n) => n.value), ["test"]);
  assert.equal(call.uses?.value, "./.github/workflows/x.yml");
  assert.equal(call.with["a"].value, "1");
});

Deno.test("structure problems are findings, the model is still returned", () => {
  const { file, problems } = parseWorkflowFile("ci.yml", "name: x\njobs:\n  a:\n    steps: []\n");
  assert.equal(file?.kind, "workflow");
  assert.deepEqual(problems.map((p) => [p.ruleId, p.line, p.message]), [
    ["workflow-structure", 1, "The workflow has no 'on' triggers"],
    ["workflow-structure", 3, "Job 'a' has neither 'runs-on' nor 'uses'"],
  ]);
});

Deno.test("duplicate keys and syntax errors become yaml-syntax findings", () => {
  const { file, problems } = parseWorkflowFile("ci.yml", "on: push\non: pull_request\njobs: {}\n");
  assert.equal(file, null);
  assert.equal(problems[0].ruleId, "yaml-syntax");
  assert.equal(problems[0].line, 2);
  assert.match(problems[0].message, /unique/);
});

Deno.test("an alias bomb is refused as a finding, not expanded", () => {
  const rows = ["a: &a [x,x,x,x,x,x,x,x,x]"];
  for (const [name, prev] of [["b", "a"], ["c", "b"], ["d", "c"], ["e", "d"]]) {
    rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
  }
  const { file, problems } = parseWorkflowFile("bomb.yml", rows.join("\n") + "\n");
  assert.equal(file, null);
  assert.equal(problems[0].ruleId, "yaml-syntax");
  assert.match(problems[0].message, /alias/i);
});

Deno.test("input over the size limit throws too_large with the size", () => {
  const big = "# " + "x".repeat(MAX_WORKFLOW_BYTES) + "\n";
  assert.throws(
    () => parseWorkflowFile("big.yml", big),
    (e) => e instanceof CiError && e.code === "too_large" && e.message.includes(`${big.length}`),
  );
});

Deno.test("parseUses, isSha and majorVersion", () => {
  assert.deepEqual(parseUses("actions/cache/save@v4"), {
    kind: "remote",
    owner: "actions",
    repo: "cache",
    path: "save",
    ref: "v4",
    action: "actions/cache/save",
  });
  assert.deepEqual(parseUses("./.github/actions/x"), {
    kind: "local",
    path: "./.github/actions/x",
  });
  assert.equal(parseUses("docker://alpine:3").kind, "docker");
  assert.equal(isSha("3d3c42e5aac5ba805825da76410c181273ba90b1"), true);
  assert.equal(isSha("v4"), false);
  assert.equal(majorVersion("v4.1.0"), 4);
  assert.equal(majorVersion("3d3c42e5aac5ba805825da76410c181273ba90b1", " v7.0.1"), 7);
  assert.equal(majorVersion("main"), undefined);
});

Deno.test("odd shapes become structure findings instead of exceptions", () => {
  const ids = (src: string) =>
    parseWorkflowFile("x.yml", src).problems.map((p) => `${p.ruleId}@${p.line}`);
  assert.deepEqual(ids(""), ["workflow-structure@1"]);
  assert.deepEqual(ids("on: 5\njobs: [1]\n"), ["workflow-structure@2"]);
  assert.deepEqual(ids("on: push\njobs:\n  a: 1\n"), ["workflow-structure@3"]);
  assert.deepEqual(ids("a: b\n---\nc: d\n"), ["yaml-syntax@2"]);
});
