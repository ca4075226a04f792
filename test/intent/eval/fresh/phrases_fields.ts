/**
 * Fresh held-out phrases that carry several fields at once: matrix lists and ranges, inputs,
 * two workflow files, links and branch names with slashes and dots.
 *
 * @module
 */
import { type EvalPhrase, p } from "../types.ts";

/**
 * Field-heavy requests and questions, and a few more things that must not run.
 *
 * @example
 * ```ts
 * FIELD_PHRASES.some((x) => x.style === "inputs"); // true
 * ```
 */
export const FIELD_PHRASES: readonly EvalPhrase[] = [
  p("run tests.yml on fjord-data/ingest for python 3.8 to 3.11", "range", "request", {
    op: "test",
    repo: "fjord-data/ingest",
    workflow: "tests.yml",
    matrix: { "python-version": ["3.8", "3.9", "3.10", "3.11"] },
  }),
  p("test orbital/telemetry on node 20 + 22", "range", "request", {
    op: "test",
    repo: "orbital/telemetry",
    matrix: { "node-version": ["20", "22"] },
  }),
  p(
    "run ci.yml on quarry-io/quarry with go 1.22 and 1.23 on ubuntu-latest and macos-14",
    "range",
    "request",
    {
      op: "test",
      repo: "quarry-io/quarry",
      workflow: "ci.yml",
      matrix: { "go-version": ["1.22", "1.23"], os: ["ubuntu-latest", "macos-14"] },
    },
  ),
  p("run the kestrel-hq/mobile-app build across java 17 and 21", "range", "request", {
    op: "test",
    repo: "kestrel-hq/mobile-app",
    matrix: { "java-version": ["17", "21"] },
  }),
  p("tset lumen/docs-site on node 18/20/22", "range", "request", {
    op: "test",
    repo: "lumen/docs-site",
    matrix: { "node-version": ["18", "20", "22"] },
  }),
  p(
    "could you test helix-bio/pipeline on python 3.10 through 3.13, 2 runs each?",
    "range",
    "request",
    {
      op: "test",
      repo: "helix-bio/pipeline",
      matrix: { "python-version": ["3.10", "3.11", "3.12", "3.13"] },
      runs: 2,
    },
  ),
  p(
    "dispatch backfill.yml on fjord-data/ingest with start_date=2024-01-01 end_date=2024-03-31",
    "inputs",
    "request",
    {
      op: "test",
      repo: "fjord-data/ingest",
      workflow: "backfill.yml",
      inputs: { start_date: "2024-01-01", end_date: "2024-03-31" },
    },
  ),
  p("run load-test.yml on bluefin/api-gateway, rps=500 duration=10m", "inputs", "request", {
    op: "test",
    repo: "bluefin/api-gateway",
    workflow: "load-test.yml",
    inputs: { rps: "500", duration: "10m" },
  }),
  p(
    "trigger docs.yml in lumen/docs-site with preview=true on branch docs/new-nav",
    "inputs",
    "request",
    {
      op: "test",
      repo: "lumen/docs-site",
      workflow: "docs.yml",
      ref: "docs/new-nav",
      inputs: { preview: "true" },
    },
  ),
  p("please run release.yml for kestrel-hq/mobile-app with track=internal", "inputs", "request", {
    op: "test",
    repo: "kestrel-hq/mobile-app",
    workflow: "release.yml",
    inputs: { track: "internal" },
  }),
  p("run plan.yml on saltmarsh/infra with TF_LOG=debug", "inputs", "request", {
    op: "test",
    repo: "saltmarsh/infra",
    workflow: "plan.yml",
    inputs: { TF_LOG: "debug" },
  }),
  p(
    "can you kick off seed.yml on tidewater/ledger with dataset=small, 3 runs",
    "inputs",
    "request",
    {
      op: "test",
      repo: "tidewater/ledger",
      workflow: "seed.yml",
      inputs: { dataset: "small" },
      runs: 3,
    },
  ),
  p("ci.yml or ci-nx.yml — which is faster on copperleaf/web?", "two-workflows", "question", {
    op: "compare",
    repo: "copperleaf/web",
    baseline: "ci.yml",
    candidate: "ci-nx.yml",
  }),
  p("compare release-v2.yml against release.yml on lumen/docs-site", "two-workflows", "request", {
    op: "compare",
    repo: "lumen/docs-site",
    baseline: "release.yml",
    candidate: "release-v2.yml",
  }),
  p(
    "how much faster is test-split.yml compared to test.yml on quarry-io/quarry?",
    "two-workflows",
    "question",
    {
      op: "compare",
      repo: "quarry-io/quarry",
      baseline: "test.yml",
      candidate: "test-split.yml",
    },
  ),
  p(
    "build.yml is fine, optimize release.yml on kestrel-hq/mobile-app",
    "two-workflows",
    "request",
    {
      op: "optimize",
      repo: "kestrel-hq/mobile-app",
      workflow: "release.yml",
    },
  ),
  p("subscribe to https://github.com/quarry-io/quarry on failure", "url", "request", {
    op: "subscribe",
    repo: "quarry-io/quarry",
    on: "failure",
  }),
  p("https://github.com/helix-bio/pipeline why so slow??", "url", "question", {
    op: "analyze",
    repo: "helix-bio/pipeline",
  }),
  p("use https://github.com/orbital/telemetry", "url", "request", {
    op: "use",
    repo: "orbital/telemetry",
  }),
  p("run ci.yml on renovate/major-eslint-9 for copperleaf/web", "branch", "request", {
    op: "test",
    repo: "copperleaf/web",
    workflow: "ci.yml",
    ref: "renovate/major-eslint-9",
  }),
  p("tell us here about failures on release/2026.12 for tidewater/ledger", "branch", "request", {
    op: "subscribe",
    repo: "tidewater/ledger",
    branch: "release/2026.12",
    on: "failure",
  }),
  p("cancel job 7710 pls, wrong inputs", "terse", "request", { op: "cancel", target: "7710" }),
  p("ok cool", "smalltalk", "statement", { op: null }),
  p("thx for the help earlier", "smalltalk", "statement", { op: null }),
  p("don't stop 8812, that's the release build", "noncommand", "negation", { op: null }),
  p("I cancelled 6501 myself already", "noncommand", "statement", { op: null }),
];
