/**
 * Fresh held-out phrases that ask for a dispatch (`test`): refs, matrices, inputs, runs.
 *
 * @module
 */
import { type EvalPhrase, p } from "../types.ts";

/**
 * Requests to run a workflow, written as engineers type them in chat.
 *
 * @example
 * ```ts
 * TEST_PHRASES.every((x) => x.expect.op === "test"); // true
 * ```
 */
export const TEST_PHRASES: readonly EvalPhrase[] = [
  p("run ci on tidewater/ledger", "terse", "request", { op: "test", repo: "tidewater/ledger" }),
  p("kick off the tests for kestrel-hq/mobile-app", "terse", "request", {
    op: "test",
    repo: "kestrel-hq/mobile-app",
  }),
  p("trigger deploy-preview.yml in copperleaf/web", "terse", "request", {
    op: "test",
    repo: "copperleaf/web",
    workflow: "deploy-preview.yml",
  }),
  p("fire off integration.yml on bluefin/api-gateway pls", "terse", "request", {
    op: "test",
    repo: "bluefin/api-gateway",
    workflow: "integration.yml",
  }),
  p("could you run the test suite on orbital/telemetry? thanks", "polite", "request", {
    op: "test",
    repo: "orbital/telemetry",
  }),
  p(
    "Hi! Would you mind dispatching e2e.yml for lumen/docs-site when you get a sec",
    "polite",
    "request",
    {
      op: "test",
      repo: "lumen/docs-site",
      workflow: "e2e.yml",
    },
  ),
  p("please run build.yml on helix-bio/pipeline 3 times, I think it's flaky", "polite", "request", {
    op: "test",
    repo: "helix-bio/pipeline",
    workflow: "build.yml",
    runs: 3,
  }),
  p("run unit.yml on quarry-io/quarry five times in a row", "terse", "request", {
    op: "test",
    repo: "quarry-io/quarry",
    workflow: "unit.yml",
    runs: 5,
  }),
  p("tset fjord-data/ingest ci.yml", "typo", "request", {
    op: "test",
    repo: "fjord-data/ingest",
    workflow: "ci.yml",
  }),
  p("pls rnu the tests on saltmarsh/infra", "typo", "request", {
    op: "test",
    repo: "saltmarsh/infra",
  }),
  p("can u trigegr lint.yml on copperleaf/web branch main", "typo", "request", {
    op: "test",
    repo: "copperleaf/web",
    workflow: "lint.yml",
    ref: "main",
  }),
  p("run the tests on https://github.com/kestrel-hq/mobile-app please", "url", "request", {
    op: "test",
    repo: "kestrel-hq/mobile-app",
  }),
  p("dispatch ci.yml for github.com/tidewater/ledger on the release/2.4 branch", "url", "request", {
    op: "test",
    repo: "tidewater/ledger",
    workflow: "ci.yml",
    ref: "release/2.4",
  }),
  p(
    "run https://github.com/orbital/telemetry/actions/workflows/nightly.yml now",
    "url",
    "request",
    {
      op: "test",
      repo: "orbital/telemetry",
      workflow: "nightly.yml",
    },
  ),
  p("test bluefin/api-gateway on feature/rate-limit-v2", "branch", "request", {
    op: "test",
    repo: "bluefin/api-gateway",
    ref: "feature/rate-limit-v2",
  }),
  p("run ci.yml against my branch fix/flaky-login-spec on lumen/docs-site", "branch", "request", {
    op: "test",
    repo: "lumen/docs-site",
    workflow: "ci.yml",
    ref: "fix/flaky-login-spec",
  }),
  p("rerun CI on v3.2.1 for helix-bio/pipeline", "branch", "request", {
    op: "test",
    repo: "helix-bio/pipeline",
    ref: "v3.2.1",
  }),
  p("kick off ci on commit 9f3c2e1 in quarry-io/quarry", "branch", "request", {
    op: "test",
    repo: "quarry-io/quarry",
    ref: "9f3c2e1",
  }),
  p("run tests for saltmarsh/infra on users/mjensen/tf-1.9.x", "branch", "request", {
    op: "test",
    repo: "saltmarsh/infra",
    ref: "users/mjensen/tf-1.9.x",
  }),
  p("test fjord-data/ingest on python 3.9 through 3.12", "range", "request", {
    op: "test",
    repo: "fjord-data/ingest",
    matrix: { "python-version": ["3.9", "3.10", "3.11", "3.12"] },
  }),
  p("run ci.yml on helix-bio/pipeline with py 3.10/3.11/3.12", "range", "request", {
    op: "test",
    repo: "helix-bio/pipeline",
    workflow: "ci.yml",
    matrix: { "python-version": ["3.10", "3.11", "3.12"] },
  }),
  p("test copperleaf/web against node 18, 20 and 22", "range", "request", {
    op: "test",
    repo: "copperleaf/web",
    matrix: { "node-version": ["18", "20", "22"] },
  }),
  p("run the go tests on quarry-io/quarry for go 1.21 to 1.23", "range", "request", {
    op: "test",
    repo: "quarry-io/quarry",
    matrix: { "go-version": ["1.21", "1.22", "1.23"] },
  }),
  p(
    "run build.yml on kestrel-hq/mobile-app on ubuntu-latest and windows-latest",
    "range",
    "request",
    {
      op: "test",
      repo: "kestrel-hq/mobile-app",
      workflow: "build.yml",
      matrix: { os: ["ubuntu-latest", "windows-latest"] },
    },
  ),
  p("full matrix run on orbital/telemetry please", "range", "request", {
    op: "test",
    repo: "orbital/telemetry",
    matrix: "full",
  }),
  p("test tidewater/ledger with python-version 3.11 and 3.12, 2 runs each", "range", "request", {
    op: "test",
    repo: "tidewater/ledger",
    matrix: { "python-version": ["3.11", "3.12"] },
    runs: 2,
  }),
  p("run deploy.yml on saltmarsh/infra with env=staging dry_run=true", "inputs", "request", {
    op: "test",
    repo: "saltmarsh/infra",
    workflow: "deploy.yml",
    inputs: { env: "staging", dry_run: "true" },
  }),
  p("trigger release.yml in lumen/docs-site, version=2.8.0", "inputs", "request", {
    op: "test",
    repo: "lumen/docs-site",
    workflow: "release.yml",
    inputs: { version: "2.8.0" },
  }),
  p("run e2e.yml for copperleaf/web with browser=firefox and shard=3", "inputs", "request", {
    op: "test",
    repo: "copperleaf/web",
    workflow: "e2e.yml",
    inputs: { browser: "firefox", shard: "3" },
  }),
  p(
    "can you run smoke.yml on bluefin/api-gateway with region=eu-west-1 on branch hotfix/tls",
    "inputs",
    "request",
    {
      op: "test",
      repo: "bluefin/api-gateway",
      workflow: "smoke.yml",
      ref: "hotfix/tls",
      inputs: { region: "eu-west-1" },
    },
  ),
  p(
    "run the migrations check, debug=1 log_level=trace, on fjord-data/ingest",
    "inputs",
    "request",
    {
      op: "test",
      repo: "fjord-data/ingest",
      inputs: { debug: "1", log_level: "trace" },
    },
  ),
  p("I'd like to run nightly.yml on helix-bio/pipeline", "polite", "request", {
    op: "test",
    repo: "helix-bio/pipeline",
    workflow: "nightly.yml",
  }),
];
