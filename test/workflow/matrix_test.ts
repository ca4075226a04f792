import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { expandMatrix, MAX_SCENARIOS, scenarioLabel } from "../../src/workflow/matrix.ts";
import { parsePresets, type Presets } from "../../src/workflow/presets.ts";

function errorOf(fn: () => unknown): CiError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CiError, `not a CiError: ${error}`);
    return error;
  }
  assert.fail("expected a CiError");
}

const preset = (body: string): Presets => parsePresets(`presets:\n  p:\n${body}`, "presets.yml");

Deno.test("no matrix, or an empty one, is one default scenario", () => {
  assert.deepEqual(expandMatrix(undefined, new Map()), [{}]);
  assert.deepEqual(expandMatrix({}, new Map()), [{}]);
  assert.equal(scenarioLabel({}), "default");
});

Deno.test("explicit dimensions: cartesian product, first dimension slowest, values in order", () => {
  const out = expandMatrix(
    { "python-version": ["3.11", "3.12", "3.11"], os: ["ubuntu-latest", "windows-latest"] },
    new Map(),
  );
  assert.deepEqual(out.map(scenarioLabel), [
    "python-version=3.11, os=ubuntu-latest",
    "python-version=3.11, os=windows-latest",
    "python-version=3.12, os=ubuntu-latest",
    "python-version=3.12, os=windows-latest",
  ]);
});

// The examples below are those of GitHub's "Using a matrix for your jobs"
// (https://docs.github.com/en/actions/using-jobs/using-a-matrix-for-your-jobs), with the
// results the page states.
Deno.test("GitHub docs: expanding configurations with include", () => {
  const presets = preset(`    fruit: [apple, pear]
    animal: [cat, dog]
    include:
      - color: green
      - color: pink
        animal: cat
      - fruit: apple
        shape: circle
      - fruit: banana
      - fruit: banana
        animal: cat
`);
  assert.deepEqual(expandMatrix("p", presets), [
    { fruit: "apple", animal: "cat", color: "pink", shape: "circle" },
    { fruit: "apple", animal: "dog", color: "green", shape: "circle" },
    { fruit: "pear", animal: "cat", color: "pink" },
    { fruit: "pear", animal: "dog", color: "green" },
    { fruit: "banana" },
    { fruit: "banana", animal: "cat" },
  ]);
});

Deno.test("GitHub docs: adding to one combination with include", () => {
  const presets = preset(`    os: [windows-latest, ubuntu-latest]
    node: [14, 16]
    include:
      - os: windows-latest
        node: 16
        npm: 6
`);
  assert.deepEqual(expandMatrix("p", presets), [
    { os: "windows-latest", node: "14" },
    { os: "windows-latest", node: "16", npm: "6" },
    { os: "ubuntu-latest", node: "14" },
    { os: "ubuntu-latest", node: "16" },
  ]);
});

Deno.test("GitHub docs: excluding matrix configurations (12 - 3 = 9 jobs)", () => {
  const presets = preset(`    os: [macos-latest, windows-latest]
    version: [12, 14, 16]
    environment: [staging, production]
    exclude:
      - os: macos-latest
        version: 12
        environment: production
      - os: windows-latest
        version: 16
`);
  const out = expandMatrix("p", presets);
  assert.equal(out.length, 9);
  assert.ok(!out.some((c) => c.os === "windows-latest" && c.version === "16"));
  assert.ok(
    !out.some((c) =>
      c.os === "macos-latest" && c.version === "12" && c.environment === "production"
    ),
  );
  assert.deepEqual(out[0], { os: "macos-latest", version: "12", environment: "staging" });
});

Deno.test("GitHub docs: include only, each entry is a combination", () => {
  const presets = preset(`    include:
      - site: production
        datacenter: site-a
      - site: staging
        datacenter: site-b
`);
  assert.deepEqual(expandMatrix("p", presets), [
    { site: "production", datacenter: "site-a" },
    { site: "staging", datacenter: "site-b" },
  ]);
});

Deno.test("exclude runs before include: an include can bring an excluded pair back", () => {
  const presets = preset(`    os: [linux, mac]
    py: ["3.10", "3.12"]
    exclude:
      - { os: mac, py: "3.10" }
    include:
      - { os: mac, py: "3.10", experimental: "true" }
`);
  assert.deepEqual(expandMatrix("p", presets).map(scenarioLabel), [
    "os=linux, py=3.10",
    "os=linux, py=3.12",
    "os=mac, py=3.12",
    "os=mac, py=3.10, experimental=true",
  ]);
});

Deno.test("a preset excluding everything is a clear error", () => {
  const presets = preset(`    os: [linux]
    py: ["3.11", "3.12"]
    exclude:
      - { os: linux }
`);
  const err = errorOf(() => expandMatrix("p", presets));
  assert.equal(err.code, "bad_request");
  assert.equal(
    err.message,
    "Cannot dispatch as preset 'p' leaves nothing to run: exclude removes all 2 combinations (1 × 2)",
  );
});

Deno.test("more than the maximum is refused with the shape of the matrix", () => {
  const dims = {
    a: ["1", "2", "3"],
    b: ["1", "2", "3", "4"],
    c: ["1", "2", "3", "4", "5", "6"],
  };
  const err = errorOf(() => expandMatrix(dims, new Map()));
  assert.equal(err.code, "bad_request");
  assert.equal(
    err.message,
    `Cannot dispatch 72 scenarios: at most ${MAX_SCENARIOS} per test (current matrix has 3 × 4 × 6)`,
  );
  assert.match(err.hint ?? "", /Narrow the matrix .* preset/);
  assert.equal(expandMatrix(dims, new Map(), { max: 72 }).length, 72);
  const small = errorOf(() => expandMatrix({ a: ["1", "2", "3"] }, new Map(), { max: 2 }));
  assert.match(small.message, /^Cannot dispatch 3 scenarios: at most 2 per test/);
});

Deno.test("the maximum counts what is left after exclude and include", () => {
  const presets = preset(`    a: ["1", "2", "3"]
    b: ["1", "2"]
    exclude:
      - { a: "1" }
    include:
      - { a: "9" }
`);
  assert.equal(expandMatrix("p", presets, { max: 5 }).length, 5);
  const err = errorOf(() => expandMatrix("p", presets, { max: 4 }));
  assert.equal(
    err.message,
    "Cannot dispatch 5 scenarios: at most 4 per test (preset 'p' has 3 × 2, 2 excluded, " +
      "1 added by include)",
  );
});

Deno.test("huge products are refused without being built", () => {
  const values = Array.from({ length: 200 }, (_, i) => String(i));
  const err = errorOf(() => expandMatrix({ a: values, b: values, c: values }, new Map()));
  assert.equal(
    err.message,
    "Cannot dispatch 8000000 scenarios: at most 50 per test (current matrix has 200 × 200 × 200 " +
      "before exclude)",
  );
});

Deno.test("unknown preset names list the available ones and where to define them", () => {
  const presets = parsePresets(
    "presets:\n  full:\n    a: [b]\n  quick:\n    a: [c]\n",
    "presets.yml",
  );
  const err = errorOf(() => expandMatrix("ful", presets));
  assert.equal(err.code, "bad_request");
  assert.equal(
    err.message,
    "Unknown matrix preset 'ful' (did you mean 'full'?): available presets: full, quick",
  );
  assert.match(err.hint ?? "", /\.github\/ci-orchestrator\.yml/);
  const none = errorOf(() => expandMatrix("full", new Map()));
  assert.equal(
    none.message,
    "Unknown matrix preset 'full': no presets are defined for this repository",
  );
  assert.equal(errorOf(() => expandMatrix("constructor", presets)).code, "bad_request");
});

Deno.test("include and exclude are not dimensions of an explicit matrix", () => {
  const err = errorOf(() => expandMatrix({ os: ["a"], exclude: ["b"] }, new Map()));
  assert.match(err.message, /Cannot use 'exclude' as a matrix dimension/);
});

Deno.test("expansion does not change the presets it reads", () => {
  const presets = preset(`    os: [a]
    include:
      - { extra: "1" }
`);
  expandMatrix("p", presets)[0].os = "changed";
  assert.deepEqual(expandMatrix("p", presets), [{ os: "a", extra: "1" }]);
  assert.deepEqual(presets.get("p")?.include, [{ extra: "1" }]);
});
