import assert from "node:assert/strict";
import { parse } from "yaml";
import { CiError } from "../../src/errors.ts";
import { applyEdits } from "../../src/workflow/edit.ts";
import { unifiedDiff } from "../../src/workflow/edit_diff.ts";

const SOURCE = `# CI for the app
name: CI
on:
  push:
    branches: [main]   # only main
  pull_request:

permissions:
  contents: read

# the jobs
jobs:
  test:
    name: "Test ${"${{ matrix.node }}"}"
    runs-on: ubuntu-latest   # linux
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # not needed
      - uses: actions/setup-node@v4
        with:
          node-version: '20'   # LTS
      - run: |
          npm ci
          npm test   # keep this
`;

/** Lines of `after` that are not in the diff's added set must equal lines of `before`. */
function removedAndAdded(before: string, after: string) {
  const diff = unifiedDiff("ci.yml", before, after).split("\n");
  return {
    added: diff.filter((l) => l.startsWith("+") && !l.startsWith("+++")).map((l) => l.slice(1)),
    removed: diff.filter((l) => l.startsWith("-") && !l.startsWith("---")).map((l) => l.slice(1)),
  };
}

Deno.test("set: new entries are inserted with sibling indentation; every other line is identical", () => {
  const after = applyEdits(SOURCE, [
    { kind: "set", path: ["jobs", "test"], key: "timeout-minutes", value: 15, after: ["runs-on"] },
    { kind: "set", path: ["jobs", "test", "steps", 1, "with"], key: "cache", value: "npm" },
    {
      kind: "set",
      path: [],
      key: "concurrency",
      value: { group: "${{ github.workflow }}-${{ github.ref }}", "cancel-in-progress": true },
      before: ["jobs"],
    },
  ]);
  const { added, removed } = removedAndAdded(SOURCE, after);
  assert.deepEqual(removed, []);
  assert.deepEqual(added, [
    "concurrency:",
    "  group: ${{ github.workflow }}-${{ github.ref }}",
    "  cancel-in-progress: true",
    "    timeout-minutes: 15",
    "          cache: npm",
  ]);
  // Removing the added lines gives back the source byte for byte.
  const back = after.split("\n").filter((l) => !added.includes(l)).join("\n");
  assert.equal(back, SOURCE);
  // Placement: before the comment that introduces `jobs`, right after runs-on, inside `with`.
  assert.match(
    after,
    /contents: read\n\nconcurrency:\n[^]*cancel-in-progress: true\n# the jobs\njobs:/,
  );
  assert.match(after, /runs-on: ubuntu-latest {3}# linux\n {4}timeout-minutes: 15\n/);
  assert.match(after, /node-version: '20' {3}# LTS\n {10}cache: npm\n/);
  const data = parse(after);
  assert.equal(data.jobs.test.steps[1].with.cache, "npm");
  assert.equal(data.concurrency["cancel-in-progress"], true);
});

Deno.test("set: a missing `with:` is created under the step; an existing value is replaced in place", () => {
  const src = "on: push\njobs:\n    a:\n        runs-on: x\n        steps:\n" +
    "            - uses: actions/setup-go@v5 # go\n            - uses: actions/setup-go@v5\n" +
    "              with: # here\n                  cache: false # off\n";
  const after = applyEdits(src, [
    { kind: "set", path: ["jobs", "a", "steps", 0, "with"], key: "cache", value: true },
    { kind: "set", path: ["jobs", "a", "steps", 1, "with"], key: "cache", value: true },
  ]);
  assert.equal(
    after,
    "on: push\njobs:\n    a:\n        runs-on: x\n        steps:\n" +
      "            - uses: actions/setup-go@v5 # go\n              with:\n" +
      "                  cache: true\n            - uses: actions/setup-go@v5\n" +
      "              with: # here\n                  cache: true # off\n",
  );
});

Deno.test("delete: removes the entry, and its mapping when that would be left empty", () => {
  const after = applyEdits(SOURCE, [
    { kind: "delete", path: ["jobs", "test", "steps", 0, "with"], key: "fetch-depth" },
  ]);
  const { added, removed } = removedAndAdded(SOURCE, after);
  assert.deepEqual(added, []);
  assert.deepEqual(removed, ["        with:", "          fetch-depth: 0 # not needed"]);
  const two = "steps:\n  - uses: a\n    with:\n      x: 1  # one\n      y: 2\n";
  assert.equal(
    applyEdits(two, [{ kind: "delete", path: ["steps", 0, "with"], key: "x" }]),
    "steps:\n  - uses: a\n    with:\n      y: 2\n",
  );
  assert.equal(applyEdits(two, [{ kind: "delete", path: ["steps", 0, "with"], key: "z" }]), two);
});

Deno.test("a file without a final newline gets one only where text is appended", () => {
  const after = applyEdits("on: push\njobs:\n  a:\n    runs-on: x", [
    { kind: "set", path: ["jobs", "a"], key: "timeout-minutes", value: 5 },
  ]);
  assert.equal(after, "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: 5\n");
});

Deno.test("flow mappings and unparseable files are refused with a typed error", () => {
  const flow = "jobs:\n  a:\n    steps:\n      - uses: x\n        with: { a: 1 }\n";
  assert.throws(
    () =>
      applyEdits(flow, [{
        kind: "set",
        path: ["jobs", "a", "steps", 0, "with"],
        key: "b",
        value: 2,
      }]),
    (e: unknown) =>
      e instanceof CiError && e.code === "unsupported" && /block mapping/.test(e.message),
  );
  assert.throws(
    () => applyEdits("a: [\n", [{ kind: "set", path: [], key: "b", value: 1 }]),
    (e: unknown) => e instanceof CiError && e.code === "bad_request",
  );
});

Deno.test("unifiedDiff: git-style headers, empty when unchanged", () => {
  assert.equal(unifiedDiff("ci.yml", "a: 1\n", "a: 1\n"), "");
  const d = unifiedDiff(".github/workflows/ci.yml", "a: 1\nb: 2\n", "a: 1\nb: 3\n");
  assert.match(
    d,
    /^--- a\/\.github\/workflows\/ci\.yml\n\+\+\+ b\/\.github\/workflows\/ci\.yml\n@@ /,
  );
  assert.match(d, /\n-b: 2\n\+b: 3\n/);
  assert.doesNotMatch(d, /Index:|====/);
});

Deno.test("replace-items: several steps become one; comments and other lines stay identical", () => {
  const after = applyEdits(SOURCE, [
    {
      kind: "replace-items",
      path: ["jobs", "test", "steps"],
      start: 1,
      count: 2,
      items: [{ uses: "./.github/actions/node", with: { token: "${{ secrets.T }}" } }],
    },
  ]);
  assert.equal(
    after,
    SOURCE.slice(0, SOURCE.indexOf("      - uses: actions/setup-node")) +
      "      - uses: ./.github/actions/node\n" +
      "        with:\n" +
      "          token: ${{ secrets.T }}\n",
  );
  assert.deepEqual(parse(after).jobs.test.steps[1], {
    uses: "./.github/actions/node",
    with: { token: "${{ secrets.T }}" },
  });
});

Deno.test("replace-items: keeps the comment lines after the range and the steps after it", () => {
  const source =
    "jobs:\n  a:\n    steps:\n    - run: one # 1\n    - run: two\n\n    # three next\n" +
    "    - run: three\n";
  const after = applyEdits(source, [
    {
      kind: "replace-items",
      path: ["jobs", "a", "steps"],
      start: 0,
      count: 2,
      items: [{ run: "x" }],
    },
  ]);
  assert.equal(
    after,
    "jobs:\n  a:\n    steps:\n    - run: x\n\n    # three next\n    - run: three\n",
  );
});

Deno.test("replace-items: refuses flow sequences and ranges past the end", () => {
  const flow = "jobs:\n  a:\n    steps: [{run: a}, {run: b}]\n";
  const edit = (source: string, count: number) =>
    applyEdits(source, [
      { kind: "replace-items", path: ["jobs", "a", "steps"], start: 0, count, items: [] },
    ]);
  assert.throws(() => edit(flow, 1), (e) => e instanceof CiError && e.code === "unsupported");
  assert.throws(
    () => edit("jobs:\n  a:\n    steps:\n      - run: a\n", 2),
    (e) => e instanceof CiError && e.code === "unsupported",
  );
  assert.equal(
    edit("jobs:\n  a:\n    steps:\n      - run: a\n      - run: b\n", 1),
    "jobs:\n  a:\n    steps:\n      - run: b\n",
  );
});
