import assert from "node:assert/strict";
import { compareSides } from "../../src/intent/nlu/compare.ts";
import { extractMatrix } from "../../src/intent/nlu/matrix.ts";
import { findNames } from "../../src/intent/nlu/names.ts";

function sides(text: string): [string, string] | undefined {
  const s = compareSides(text, findNames(text));
  return s && [s.baseline, s.candidate];
}

Deno.test("compareSides: after a comparative the side after than/against is the baseline", () => {
  assert.deepEqual(sides("is main faster than perf-x?"), ["perf-x", "main"]);
  assert.deepEqual(sides("main against perf-x"), ["perf-x", "main"]);
  assert.deepEqual(sides("benchmark main against perf-x"), ["perf-x", "main"]);
  assert.deepEqual(sides("perf-x compared with main"), ["main", "perf-x"]);
  assert.deepEqual(sides("did turbo get slower than main"), ["main", "turbo"]);
  assert.deepEqual(sides("is main slower than it was at v1.0"), ["v1.0", "main"]);
  assert.deepEqual(sides("did moving to turbo help vs main"), ["main", "turbo"]);
  assert.deepEqual(sides("does b.yml beat a.yml"), ["a.yml", "b.yml"]);
  assert.deepEqual(sides("is the new pipeline (b.yml) slower than a.yml"), ["a.yml", "b.yml"]);
});

Deno.test("compareSides: in a coordination the first named is the baseline", () => {
  assert.deepEqual(sides("perf-x vs main"), ["perf-x", "main"]);
  assert.deepEqual(sides("main versus canary"), ["main", "canary"]);
  assert.deepEqual(sides("compare next and main"), ["next", "main"]);
  assert.deepEqual(sides("compare next with main"), ["next", "main"]);
  assert.deepEqual(sides("between b.yml and a.yml"), ["b.yml", "a.yml"]);
  assert.deepEqual(sides("which is quicker, turbo or main?"), ["turbo", "main"]);
  assert.deepEqual(sides("which one wins: main or turbo"), ["main", "turbo"]);
});

Deno.test("compareSides: bare words are sides only where the construction makes them so", () => {
  assert.deepEqual(sides("staging slower than main?"), ["main", "staging"]);
  for (
    const text of [
      "is CI faster than before",
      "are my builds slower than yesterday",
      "speed vs cost",
      "analyze vs optimize",
      "compare my builds with yours",
      "is acme/app faster than main",
    ]
  ) assert.equal(sides(text), undefined, text);
});

Deno.test("compareSides: the repository is never a side; the cue is a word of the masked text", () => {
  const text = "benchmark perf/x against main on foo/bar";
  const names = findNames(text);
  const s = compareSides(text, names);
  assert.deepEqual(s, { baseline: "main", candidate: "perf/x", cue: "against" });
  const branch = "switching to the turbo branch vs main, did it help?";
  const found = findNames(branch);
  assert.deepEqual(found.refs, ["turbo"]);
  assert.match(found.masked, /\bvs\b/);
  assert.equal(compareSides(branch, found)?.cue, "vs");
});

Deno.test("findNames: tags, commits and branches with slashes, dots and dashes", () => {
  assert.deepEqual(findNames("test foo/bar at v3.1.0").refs, ["v3.1.0"]);
  assert.deepEqual(findNames("test foo/bar at v2.0.0-rc.1.").refs, ["v2.0.0-rc.1"]);
  assert.deepEqual(findNames("test foo/bar at 1a2b3c4d").refs, ["1a2b3c4d"]);
  assert.deepEqual(findNames("test foo/bar at 1a2b3c4d").ids, []);
  assert.deepEqual(findNames("test foo/bar on release/2.x").refs, ["release/2.x"]);
  assert.deepEqual(findNames("test foo/bar develop please").refs, ["develop"]);
  assert.deepEqual(findNames("run it on foo/bar develop today").refs, ["develop"]);
  // "on python 3.12" is a matrix value, "at 2024" is no commit: neither is a ref
  assert.deepEqual(findNames("test on python 3.12 at 2024").refs, []);
});

Deno.test("findNames: a branch name's words are masked; the repository stays the repository", () => {
  const n = findNames("run tests on the perf/fast-build branch of foo/bar");
  assert.deepEqual([n.refs, n.repos], [["perf/fast-build"], ["foo/bar"]]);
  const flaky = findNames("run tests on my branch fix/flaky-login");
  assert.deepEqual(flaky.refs, ["fix/flaky-login"]);
  assert.doesNotMatch(flaky.masked, /flaky/);
});

Deno.test("findNames: a GitHub URL is split into repository, ref and workflow", () => {
  const blob = findNames("look at https://github.com/o/r/blob/main/.github/workflows/ci.yml");
  assert.deepEqual([blob.repos, blob.refs, blob.workflows], [["o/r"], ["main"], ["ci.yml"]]);
  const tree = findNames("test https://github.com/o/r/tree/feature/x please");
  assert.deepEqual([tree.repos, tree.refs], [["o/r"], ["feature/x"]]);
  const pull = findNames("analyze https://github.com/o/r/pull/12");
  assert.deepEqual([pull.repos, pull.refs, pull.ids], [["o/r"], [], []]);
});

Deno.test("extractMatrix: ranges, lists and operating systems", () => {
  const got: string[] = [];
  extractMatrix("python 3.10 through 3.12 on ubuntu and macos", (_f, v) => got.push(v));
  assert.deepEqual(got, ["python-version=3.10,3.11,3.12", "os=ubuntu-latest", "os=macos-latest"]);
});
