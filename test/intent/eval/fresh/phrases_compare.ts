/**
 * Fresh held-out phrases that compare two refs or two workflow files (`compare`).
 *
 * @module
 */
import { type EvalPhrase, p } from "../types.ts";

/**
 * Comparisons: the baseline is the side after "than"/"against"/"compared to", or the first one
 * named in "X vs Y", "X or Y" and "compare X and Y".
 *
 * @example
 * ```ts
 * COMPARE_PHRASES.every((x) => x.expect.op === "compare"); // true
 * ```
 */
export const COMPARE_PHRASES: readonly EvalPhrase[] = [
  p(
    "is ci-fast.yml actually faster than ci.yml on tidewater/ledger?",
    "two-workflows",
    "question",
    {
      op: "compare",
      repo: "tidewater/ledger",
      baseline: "ci.yml",
      candidate: "ci-fast.yml",
    },
  ),
  p("compare build.yml and build-cached.yml in copperleaf/web", "two-workflows", "request", {
    op: "compare",
    repo: "copperleaf/web",
    baseline: "build.yml",
    candidate: "build-cached.yml",
  }),
  p(
    "which one is quicker on orbital/telemetry, test.yml or test-sharded.yml?",
    "two-workflows",
    "question",
    {
      op: "compare",
      repo: "orbital/telemetry",
      baseline: "test.yml",
      candidate: "test-sharded.yml",
    },
  ),
  p(
    "benchmark e2e-parallel.yml against e2e.yml on kestrel-hq/mobile-app, 10 runs each",
    "two-workflows",
    "request",
    {
      op: "compare",
      repo: "kestrel-hq/mobile-app",
      baseline: "e2e.yml",
      candidate: "e2e-parallel.yml",
      runs: 10,
    },
  ),
  p(
    "how does ci-v2.yml stack up compared to ci.yml for fjord-data/ingest?",
    "two-workflows",
    "question",
    {
      op: "compare",
      repo: "fjord-data/ingest",
      baseline: "ci.yml",
      candidate: "ci-v2.yml",
    },
  ),
  p("lint.yml vs lint-ruff.yml on helix-bio/pipeline", "two-workflows", "request", {
    op: "compare",
    repo: "helix-bio/pipeline",
    baseline: "lint.yml",
    candidate: "lint-ruff.yml",
  }),
  p("is my branch perf/cache-deps faster than main on bluefin/api-gateway?", "branch", "question", {
    op: "compare",
    repo: "bluefin/api-gateway",
    baseline: "main",
    candidate: "perf/cache-deps",
  }),
  p("compare main and feat/turbo-build on copperleaf/web", "branch", "request", {
    op: "compare",
    repo: "copperleaf/web",
    baseline: "main",
    candidate: "feat/turbo-build",
  }),
  p(
    "did release/4.1 get slower compared to release/4.0 in quarry-io/quarry?",
    "branch",
    "question",
    {
      op: "compare",
      repo: "quarry-io/quarry",
      baseline: "release/4.0",
      candidate: "release/4.1",
    },
  ),
  p(
    "develop vs chore/bump-gradle-8.7 on kestrel-hq/mobile-app — any difference in build time?",
    "branch",
    "question",
    {
      op: "compare",
      repo: "kestrel-hq/mobile-app",
      baseline: "develop",
      candidate: "chore/bump-gradle-8.7",
    },
  ),
  p(
    "benchmark ci/split-jobs against main on saltmarsh/infra, 8 runs with 2 warmups",
    "branch",
    "request",
    {
      op: "compare",
      repo: "saltmarsh/infra",
      baseline: "main",
      candidate: "ci/split-jobs",
      runs: 8,
      warmup: 2,
    },
  ),
  p("is the pipeline on lumen/docs-site slower on next than on main?", "question", "question", {
    op: "compare",
    repo: "lumen/docs-site",
    baseline: "main",
    candidate: "next",
  }),
  p("any chance ci-matrix.yml beats ci.yml on orbital/telemetry?", "question", "question", {
    op: "compare",
    repo: "orbital/telemetry",
    baseline: "ci.yml",
    candidate: "ci-matrix.yml",
  }),
  p("compare main with my-branch", "terse", "request", {
    op: "compare",
    baseline: "main",
    candidate: "my-branch",
  }),
  p("diff timings: main vs perf-cache, tidewater/ledger", "terse", "request", {
    op: "compare",
    repo: "tidewater/ledger",
    baseline: "main",
    candidate: "perf-cache",
  }),
  p(
    "could you compare feature/bazel against main for helix-bio/pipeline? 5 runs should do",
    "polite",
    "request",
    {
      op: "compare",
      repo: "helix-bio/pipeline",
      baseline: "main",
      candidate: "feature/bazel",
      runs: 5,
    },
  ),
  p(
    "would be great if you could benchmark tests-fast.yml against tests.yml on fjord-data/ingest",
    "polite",
    "request",
    {
      op: "compare",
      repo: "fjord-data/ingest",
      baseline: "tests.yml",
      candidate: "tests-fast.yml",
    },
  ),
  p("comapre main and speedup/ccache on quarry-io/quarry", "typo", "request", {
    op: "compare",
    repo: "quarry-io/quarry",
    baseline: "main",
    candidate: "speedup/ccache",
  }),
  p("is ci-new.yml fastr than ci.yml on copperleaf/web?", "typo", "question", {
    op: "compare",
    repo: "copperleaf/web",
    baseline: "ci.yml",
    candidate: "ci-new.yml",
  }),
  p(
    "is feat/remote-cache faster than main on https://github.com/bluefin/api-gateway ?",
    "url",
    "question",
    {
      op: "compare",
      repo: "bluefin/api-gateway",
      baseline: "main",
      candidate: "feat/remote-cache",
    },
  ),
  p("compare v2.0.0 and v2.1.0 on github.com/lumen/docs-site", "url", "request", {
    op: "compare",
    repo: "lumen/docs-site",
    baseline: "v2.0.0",
    candidate: "v2.1.0",
  }),
  p(
    "benchmark build-arm.yml against build.yml on saltmarsh/infra with env=ci, 6 runs",
    "inputs",
    "request",
    {
      op: "compare",
      repo: "saltmarsh/infra",
      baseline: "build.yml",
      candidate: "build-arm.yml",
      runs: 6,
      inputs: { env: "ci" },
    },
  ),
];
