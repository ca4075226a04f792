import assert from "node:assert/strict";
import { lintWorkflow } from "../../src/workflow/lint.ts";
import { findingLevel, ruleLevel, RULES } from "../../src/workflow/rules/index.ts";

const lint = (content: string) => lintWorkflow({ path: ".github/workflows/ci.yml", content });

const WITH_IMAGES = `on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    container: node:20
    services:
      db:
        image: postgres
      cache:
        image: redis:latest
    steps:
      - uses: docker://alpine:3.20
      - uses: docker://alpine
      - uses: actions/checkout@v4
      - uses: $/.github/workflows/build.yml
`;

Deno.test("every rule has a level and a confidence; the default level is high confidence", () => {
  for (const rule of RULES) {
    assert.ok(["default", "pedantic"].includes(rule.level), rule.id);
    assert.ok(["high", "medium", "low"].includes(rule.confidence), rule.id);
    if (rule.level === "default") assert.equal(rule.confidence, "high", rule.id);
  }
});

Deno.test("advice is pedantic, security and correctness are default", () => {
  for (const id of ["missing-timeout", "missing-path-filter", "missing-concurrency", "short-job"]) {
    assert.equal(ruleLevel(id), "pedantic", id);
  }
  for (const id of ["script-injection", "unpinned-action", "permissions", "yaml-syntax"]) {
    assert.equal(ruleLevel(id), "default", id);
  }
  assert.equal(ruleLevel("not-a-static-rule"), "default");
});

Deno.test("findingLevel: images pinned by a chosen tag are pedantic, latest or untagged not", () => {
  const fs = lint(WITH_IMAGES).filter((f) => f.ruleId.startsWith("unpinned-"));
  assert.deepEqual(
    fs.map((f) => [f.ruleId, f.line, findingLevel(f)]).sort((a, b) => Number(a[1]) - Number(b[1])),
    [
      ["unpinned-image", 8, "pedantic"],
      ["unpinned-image", 11, "default"],
      ["unpinned-image", 13, "default"],
      ["unpinned-action", 15, "pedantic"],
      ["unpinned-action", 16, "default"],
      ["unpinned-action", 17, "default"],
    ],
  );
  // `$/…` is no GitHub owner: a path from a template, not a remote action to pin.
  assert.ok(!fs.some((f) => f.line === 18));
});
