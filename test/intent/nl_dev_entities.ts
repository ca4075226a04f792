/**
 * Development phrases for the names the natural-language stage reads — refs, the two sides of a
 * comparison, repositories, URLs, run counts — written by hand for this stage (never taken from
 * the evaluation set), each with the whole intent it must produce.
 *
 * @module
 */
import type { Intent } from "../../src/intent/schema.ts";

const cmp = (baseline: string, candidate: string, more: Partial<Intent> = {}): Intent => ({
  op: "compare",
  baseline,
  candidate,
  ...more,
});

/** `[phrase, intent]`: the intent must come out exactly. */
export const ENTITY_PHRASES: readonly [string, Intent][] = [
  // comparatives: the side after than / against / compared to is the baseline
  ["is turbo faster than main on foo/bar", cmp("main", "turbo", { repo: "foo/bar" })],
  ["is main faster than perf-cache?", cmp("perf-cache", "main")],
  ["did turbo get slower than main?", cmp("main", "turbo")],
  ["is the flakiness on beta worse than main", cmp("main", "beta")],
  ["is main slower than it was at v1.0", cmp("v1.0", "main")],
  ["is develop slower than it was at v2.3.0?", cmp("v2.3.0", "develop")],
  ["staging slower than main?", cmp("main", "staging")],
  ["is canary quicker than stable in acme/web?", cmp("stable", "canary", { repo: "acme/web" })],
  ["is release/2.x more reliable than main", cmp("main", "release/2.x")],
  ["perf-x against main on acme/app", cmp("main", "perf-x", { repo: "acme/app" })],
  [
    "benchmark main against perf-cache on acme/app",
    cmp("perf-cache", "main", {
      repo: "acme/app",
    }),
  ],
  ["benchmark perf/x against main on foo/bar", cmp("main", "perf/x", { repo: "foo/bar" })],
  [
    "feature/cache compared to main for acme/app",
    cmp("main", "feature/cache", {
      repo: "acme/app",
    }),
  ],
  ["how does turbo compare to main?", cmp("main", "turbo")],
  [
    "how does fix/retry stack up against develop in acme/api",
    cmp("develop", "fix/retry", {
      repo: "acme/api",
    }),
  ],
  ["does perf-cache beat main?", cmp("main", "perf-cache")],
  ["did moving to perf-cache help vs main?", cmp("main", "perf-cache")],
  ["did switching to turbo help vs main on acme/app", cmp("main", "turbo", { repo: "acme/app" })],
  ["is perf-cache quicker than release-3?", cmp("release-3", "perf-cache")],
  ["is v2.1.0 slower than v2.0.0?", cmp("v2.0.0", "v2.1.0")],
  ["is v2 faster than v1 on acme/app?", cmp("v1", "v2", { repo: "acme/app" })],
  ["switching to the turbo branch vs main, did it help?", cmp("main", "turbo")],
  ["is my-branch any faster than main?", cmp("main", "my-branch")],
  ["how does the nightly build compare to main?", cmp("main", "nightly")],
  ["is the build on perf-x faster than on main?", cmp("main", "perf-x")],
  ["compare perf-x against main in acme/app", cmp("main", "perf-x", { repo: "acme/app" })],
  // coordinations: the first named is the baseline
  ["main vs perf-x: which is faster on acme/app?", cmp("main", "perf-x", { repo: "acme/app" })],
  ["compare the main and perf-x branches on acme/app", cmp("main", "perf-x", { repo: "acme/app" })],
  ["please compare main to perf-x on acme/app", cmp("main", "perf-x", { repo: "acme/app" })],
  ["main vs next", cmp("main", "next")],
  ["main versus canary on foo/bar", cmp("main", "canary", { repo: "foo/bar" })],
  ["feature-x vs develop for acme/app", cmp("feature-x", "develop", { repo: "acme/app" })],
  ["next vs main in acme/app", cmp("next", "main", { repo: "acme/app" })],
  ["compare main and beta on acme/app", cmp("main", "beta", { repo: "acme/app" })],
  ["compare main with next", cmp("main", "next")],
  ["please compare staging and main for acme/web", cmp("staging", "main", { repo: "acme/web" })],
  ["diff main vs next", cmp("main", "next")],
  [
    "can you compare release/1.x with release/2.x on acme/app?",
    cmp("release/1.x", "release/2.x", {
      repo: "acme/app",
    }),
  ],
  ["what's the difference between main and perf-cache", cmp("main", "perf-cache")],
  ["which is quicker, main or turbo?", cmp("main", "turbo")],
  ["which builds quicker in foo/bar, main or turbo?", cmp("main", "turbo", { repo: "foo/bar" })],
  ["which one wins: main or turbo", cmp("main", "turbo")],
  ["which is faster: perf-cache or main?", cmp("perf-cache", "main")],
  // typo'd verbs
  ["comapre main and beta", cmp("main", "beta")],
  ["benchmrak main vs perf", cmp("main", "perf")],
  ["comapre main and perf-cache on acme/app", cmp("main", "perf-cache", { repo: "acme/app" })],
  // two workflow files
  ["is the new pipeline (b.yml) slower than a.yml", cmp("a.yml", "b.yml")],
  [
    "is ci-fast.yml faster than ci.yml on acme/app?",
    cmp("ci.yml", "ci-fast.yml", {
      repo: "acme/app",
    }),
  ],
  ["ci.yml vs ci-turbo.yml for acme/app", cmp("ci.yml", "ci-turbo.yml", { repo: "acme/app" })],
  ["compare build.yml and build-new.yml", cmp("build.yml", "build-new.yml")],
  [
    "pit ci-fast.yml against ci.yml on acme/app",
    cmp("ci.yml", "ci-fast.yml", {
      repo: "acme/app",
    }),
  ],
  ["does ci-fast.yml beat ci.yml?", cmp("ci.yml", "ci-fast.yml")],
  ["which one is faster, build.yml or build-new.yml?", cmp("build.yml", "build-new.yml")],
  // run counts with sides
  [
    "benchmark perf-cache against main on acme/app, 5 runs each",
    cmp("main", "perf-cache", {
      repo: "acme/app",
      runs: 5,
    }),
  ],
  ["compare main and turbo on foo/bar 3 runs", cmp("main", "turbo", { repo: "foo/bar", runs: 3 })],
  [
    "main vs next on acme/app, 10 runs per side",
    cmp("main", "next", {
      repo: "acme/app",
      runs: 10,
    }),
  ],
  [
    "compare main with perf-x 4 times in acme/app",
    cmp("main", "perf-x", {
      repo: "acme/app",
      runs: 4,
    }),
  ],
  // refs: tags, commits, branches with slashes, dots and dashes
  ["test foo/bar at v3.1.0", { op: "test", repo: "foo/bar", ref: "v3.1.0" }],
  ["run the tests on acme/app at v2.0.0-rc.1", {
    op: "test",
    repo: "acme/app",
    ref: "v2.0.0-rc.1",
  }],
  ["test foo/bar at 1a2b3c4d", { op: "test", repo: "foo/bar", ref: "1a2b3c4d" }],
  ["run acme/app tests at commit 9f8e7d6c5b4a", {
    op: "test",
    repo: "acme/app",
    ref: "9f8e7d6c5b4a",
  }],
  ["run tests on the perf/fast-build branch of foo/bar", {
    op: "test",
    repo: "foo/bar",
    ref: "perf/fast-build",
  }],
  ["run tests on feature/x in foo/bar", { op: "test", repo: "foo/bar", ref: "feature/x" }],
  ["test foo/bar develop", { op: "test", repo: "foo/bar", ref: "develop" }],
  ["run the tests on foo/bar develop please", { op: "test", repo: "foo/bar", ref: "develop" }],
  ["test acme/app staging", { op: "test", repo: "acme/app", ref: "staging" }],
  ["run tests on my branch fix/flaky-login", { op: "test", ref: "fix/flaky-login" }],
  ["run tests on branch fix/flaky-login in foo/bar", {
    op: "test",
    repo: "foo/bar",
    ref: "fix/flaky-login",
  }],
  ["test my branch fix/cancel-button on acme/app", {
    op: "test",
    repo: "acme/app",
    ref: "fix/cancel-button",
  }],
  ["test foo/bar on release/2.x", { op: "test", repo: "foo/bar", ref: "release/2.x" }],
  ["run the suite on hotfix/1.2.3-login for acme/app", {
    op: "test",
    repo: "acme/app",
    ref: "hotfix/1.2.3-login",
  }],
  ["analyze acme/app on develop", { op: "analyze", repo: "acme/app", ref: "develop" }],
  ["analyze acme/app at v1.4.2", { op: "analyze", repo: "acme/app", ref: "v1.4.2" }],
  ["why is acme/app slow on the perf/speedup branch?", {
    op: "analyze",
    repo: "acme/app",
    ref: "perf/speedup",
  }],
  ["run tests on dependabot/npm/lodash-4.17.21 for acme/app", {
    op: "test",
    repo: "acme/app",
    ref: "dependabot/npm/lodash-4.17.21",
  }],
  ["test acme/app on commit 3f9a1c2", { op: "test", repo: "acme/app", ref: "3f9a1c2" }],
  ["run tests on acme/app, branch release/3.0", {
    op: "test",
    repo: "acme/app",
    ref: "release/3.0",
  }],
  ["test acme/app dev", { op: "test", repo: "acme/app", ref: "dev" }],
  // repositories and URLs
  ["test https://github.com/o/r", { op: "test", repo: "o/r" }],
  ["please run the tests for https://github.com/o/r/actions", { op: "test", repo: "o/r" }],
  ["analyze https://github.com/o/r/pull/12", { op: "analyze", repo: "o/r" }],
  ["test https://github.com/o/r/tree/feature/x", { op: "test", repo: "o/r", ref: "feature/x" }],
  ["run tests for https://github.com/o/r/tree/feature/x please", {
    op: "test",
    repo: "o/r",
    ref: "feature/x",
  }],
  ["please analyze https://github.com/o/r/blob/main/.github/workflows/ci.yml for me", {
    op: "analyze",
    repo: "o/r",
    ref: "main",
    workflow: "ci.yml",
  }],
  ["analyze the foo/bar repo", { op: "analyze", repo: "foo/bar" }],
  ["run the tests in the foo/bar repo", { op: "test", repo: "foo/bar" }],
  ["why is the build slow in https://github.com/acme/web?", { op: "analyze", repo: "acme/web" }],
  [
    "compare main and next in https://github.com/acme/app",
    cmp("main", "next", {
      repo: "acme/app",
    }),
  ],
  // run counts
  ["run the tests on acme/app 5 times", { op: "test", repo: "acme/app", runs: 5 }],
  ["test acme/app 3 runs", { op: "test", repo: "acme/app", runs: 3 }],
  ["run acme/app tests twice", { op: "test", repo: "acme/app", runs: 2 }],
];

/** Phrases that must not produce two sides (not names, or command words). */
export const NO_SIDES: readonly string[] = [
  "is CI faster than before?",
  "are my builds slower than yesterday",
  "is caching faster than no caching",
  "speed vs cost",
  "compare my builds with yours",
  "analyze vs optimize",
  "is it faster than usual?",
  "is the pipeline slower than last week",
];
