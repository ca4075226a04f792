/**
 * Fresh held-out questions across operations, plus a few longer requests. A question about a
 * run is status; a question about speed is analyze, optimize or a read-only compare.
 *
 * @module
 */
import { type EvalPhrase, p } from "../types.ts";

/**
 * Questions engineers ask in threads, and requests that combine several fields.
 *
 * @example
 * ```ts
 * QUESTION_PHRASES.filter((x) => x.act === "question").length > 20; // true
 * ```
 */
export const QUESTION_PHRASES: readonly EvalPhrase[] = [
  p("is the nightly on fjord-data/ingest still running?", "question", "question", {
    op: "status",
    repo: "fjord-data/ingest",
  }),
  p("has 7012 finished?", "question", "question", { op: "status", target: "7012" }),
  p("what's the status of job 4421 on tidewater/ledger?", "question", "question", {
    op: "status",
    repo: "tidewater/ledger",
    target: "4421",
  }),
  p("are any of my runs still in progress?", "question", "question", { op: "status" }),
  p("did job 8090 fail?", "question", "question", { op: "status", target: "8090" }),
  p("is 3345 still stuck in the queue?", "question", "question", { op: "status", target: "3345" }),
  p("is 5512 done? if so no need to cancel it", "question", "question", {
    op: "status",
    target: "5512",
  }),
  p(
    "is https://github.com/tidewater/ledger/actions/runs/8123456789 still running?",
    "url",
    "question",
    {
      op: "status",
      repo: "tidewater/ledger",
      target: "8123456789",
    },
  ),
  p("has the deploy on bluefin/api-gateway finished?", "question", "question", {
    op: "status",
    repo: "bluefin/api-gateway",
  }),
  p("what's in progress for e2e.yml on copperleaf/web?", "question", "question", {
    op: "status",
    repo: "copperleaf/web",
    workflow: "e2e.yml",
  }),
  p("what's queued on fjord-data/ingest?", "question", "question", {
    op: "status",
    repo: "fjord-data/ingest",
  }),
  p("how many jobs are running right now?", "question", "question", { op: "status" }),
  p("why are builds on kestrel-hq/mobile-app failing so often?", "question", "question", {
    op: "analyze",
    repo: "kestrel-hq/mobile-app",
  }),
  p("what are the slowest steps in ci.yml on copperleaf/web?", "question", "question", {
    op: "analyze",
    repo: "copperleaf/web",
    workflow: "ci.yml",
  }),
  p("where is most of the CI time going in orbital/telemetry?", "question", "question", {
    op: "analyze",
    repo: "orbital/telemetry",
  }),
  p("wy is ci so slwo on saltmarsh/infra?", "typo", "question", {
    op: "analyze",
    repo: "saltmarsh/infra",
  }),
  p("why does lint.yml keep failing on quarry-io/quarry?", "question", "question", {
    op: "analyze",
    repo: "quarry-io/quarry",
    workflow: "lint.yml",
  }),
  p("can caching cut our build time on lumen/docs-site?", "question", "question", {
    op: "optimize",
    repo: "lumen/docs-site",
  }),
  p("could the test job in helix-bio/pipeline run any faster?", "question", "question", {
    op: "optimize",
    repo: "helix-bio/pipeline",
    target: "test",
  }),
  p("is main slower than v1.8.0 on bluefin/api-gateway?", "question", "question", {
    op: "compare",
    repo: "bluefin/api-gateway",
    baseline: "v1.8.0",
    candidate: "main",
  }),
  p("faster or slower: ci.yml or ci-bun.yml on copperleaf/web?", "two-workflows", "question", {
    op: "compare",
    repo: "copperleaf/web",
    baseline: "ci.yml",
    candidate: "ci-bun.yml",
  }),
  p("is perf/sccache quicker than main on quarry-io/quarry?", "branch", "question", {
    op: "compare",
    repo: "quarry-io/quarry",
    baseline: "main",
    candidate: "perf/sccache",
  }),
  p("does release/9.0 build slower than main on kestrel-hq/mobile-app?", "branch", "question", {
    op: "compare",
    repo: "kestrel-hq/mobile-app",
    baseline: "main",
    candidate: "release/9.0",
  }),
  p(
    "can you tell me whether feat/esbuild is faster than main on lumen/docs-site?",
    "polite",
    "question",
    {
      op: "compare",
      repo: "lumen/docs-site",
      baseline: "main",
      candidate: "feat/esbuild",
    },
  ),
  p("hw does teh subscribe command work?", "typo", "question", { op: "help", topic: "subscribe" }),
  p("what's the syntax for test?", "question", "question", { op: "help", topic: "test" }),
  p("what does the use command do?", "question", "question", { op: "help", topic: "use" }),
  p("what are we subscribed to here?", "question", "question", { op: "subscribe", target: "list" }),
  p("whats the default repo for this channel?", "question", "question", { op: "use" }),
  p(
    "run publish.yml on lumen/docs-site from release/2.8 with tag=v2.8.0 channel=beta",
    "inputs",
    "request",
    {
      op: "test",
      repo: "lumen/docs-site",
      workflow: "publish.yml",
      ref: "release/2.8",
      inputs: { tag: "v2.8.0", channel: "beta" },
    },
  ),
  p(
    "test tidewater/ledger on python 3.11 and 3.12 on ubuntu-latest and macos-latest",
    "range",
    "request",
    {
      op: "test",
      repo: "tidewater/ledger",
      matrix: { "python-version": ["3.11", "3.12"], os: ["ubuntu-latest", "macos-latest"] },
    },
  ),
  p("run ci 4 times on dependabot/npm_and_yarn/vite-5.4.2 in copperleaf/web", "branch", "request", {
    op: "test",
    repo: "copperleaf/web",
    ref: "dependabot/npm_and_yarn/vite-5.4.2",
    runs: 4,
  }),
];
