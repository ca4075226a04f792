/**
 * Phrases that ask for a `test` run (a workflow dispatch): terse, polite, with typos, URLs,
 * branches with slashes, tags and SHAs (matrices and inputs: `phrases_matrix.ts`).
 *
 * @module
 */
import { type EvalPhrase, p } from "./types.ts";

const R = "request";

/** `test` phrases. */
export const DISPATCH_PHRASES: readonly EvalPhrase[] = [
  p("test acme/app ci.yml ref:main", "exact", R, {
    op: "test",
    repo: "acme/app",
    workflow: "ci.yml",
    ref: "main",
  }),
  p("/ci-test test repo:globex/billing runs:3", "exact", R, {
    op: "test",
    repo: "globex/billing",
    runs: 3,
  }),
  p("test hooli/search workflow:e2e.yml matrix:full", "exact", R, {
    op: "test",
    repo: "hooli/search",
    workflow: "e2e.yml",
    matrix: "full",
  }),
  p("run acme/web nightly.yml", "exact", R, {
    op: "test",
    repo: "acme/web",
    workflow: "nightly.yml",
  }),
  p("@ci-orchestrator test acme/api ref:develop", "exact", R, {
    op: "test",
    repo: "acme/api",
    ref: "develop",
  }),
  p("dispatch contoso/infra terraform.yml inputs:env=prod", "exact", R, {
    op: "test",
    repo: "contoso/infra",
    workflow: "terraform.yml",
    inputs: { env: "prod" },
  }),
  p("run tests acme/web", "terse", R, { op: "test", repo: "acme/web" }),
  p("kick off ci on globex/billing pls", "terse", R, { op: "test", repo: "globex/billing" }),
  p("rerun e2e.yml on hooli/search", "terse", R, {
    op: "test",
    repo: "hooli/search",
    workflow: "e2e.yml",
  }),
  p("test run acme/mobile main", "terse", R, { op: "test", repo: "acme/mobile", ref: "main" }),
  p("fire the test suite at stark/jarvis", "terse", R, { op: "test", repo: "stark/jarvis" }),
  p("smoke test umbrella/lab-portal", "terse", R, { op: "test", repo: "umbrella/lab-portal" }),
  p("go run the integration workflow (integration.yml) for acme/api", "terse", R, {
    op: "test",
    repo: "acme/api",
    workflow: "integration.yml",
  }),
  p("run lint.yml acme/docs", "terse", R, { op: "test", repo: "acme/docs", workflow: "lint.yml" }),
  p("trigger build.yml on wayne/batcomputer x3", "terse", R, {
    op: "test",
    repo: "wayne/batcomputer",
    workflow: "build.yml",
    runs: 3,
  }),
  p("run the suite 5 times on acme/app, want to see if it's flaky", "terse", R, {
    op: "test",
    repo: "acme/app",
    runs: 5,
  }),
  p("ship a test run to pied-piper/middle-out real quick", "terse", R, {
    op: "test",
    repo: "pied-piper/middle-out",
  }),
  p("yo run ci for acme/web 🙏", "terse", R, { op: "test", repo: "acme/web" }),
  p("can you run the tests on acme/app please", "polite", R, { op: "test", repo: "acme/app" }),
  p("could you kick off the test workflow for globex/billing when you get a sec?", "polite", R, {
    op: "test",
    repo: "globex/billing",
  }),
  p("would you mind triggering ci.yml on hooli/search? thanks!", "polite", R, {
    op: "test",
    repo: "hooli/search",
    workflow: "ci.yml",
  }),
  p("hey, please run the tests for contoso/payments on main", "polite", R, {
    op: "test",
    repo: "contoso/payments",
    ref: "main",
  }),
  p("pls run e2e.yml against acme/web, thx", "polite", R, {
    op: "test",
    repo: "acme/web",
    workflow: "e2e.yml",
  }),
  p("hi bot! mind running the test suite on stark/jarvis 3 times?", "polite", R, {
    op: "test",
    repo: "stark/jarvis",
    runs: 3,
  }),
  p("@ci-orchestrator please dispatch release.yml on acme/api", "polite", R, {
    op: "test",
    repo: "acme/api",
    workflow: "release.yml",
  }),
  p("can I get a fresh test run on umbrella/lab-portal?", "polite", R, {
    op: "test",
    repo: "umbrella/lab-portal",
  }),
  p("I'd like to run the tests on acme/mobile, ref develop", "polite", R, {
    op: "test",
    repo: "acme/mobile",
    ref: "develop",
  }),
  p("tset acme/app", "typo", R, { op: "test", repo: "acme/app" }),
  p("tets acme/web ci.yml", "typo", R, { op: "test", repo: "acme/web", workflow: "ci.yml" }),
  p("rnu the tests on globex/billing", "typo", R, { op: "test", repo: "globex/billing" }),
  p("pls tst hooli/search", "typo", R, { op: "test", repo: "hooli/search" }),
  p("trigegr ci on acme/api", "typo", R, { op: "test", repo: "acme/api" }),
  p("dispach deploy-preview.yml on acme/docs", "typo", R, {
    op: "test",
    repo: "acme/docs",
    workflow: "deploy-preview.yml",
  }),
  p("/ci-test tesst contoso/infra", "typo", R, { op: "test", repo: "contoso/infra" }),
  p("run teh tests on stark/jarvis", "typo", R, { op: "test", repo: "stark/jarvis" }),
  p("fire off the tests on main for https://github.com/initech/tps-reports", "url", R, {
    op: "test",
    repo: "initech/tps-reports",
    ref: "main",
  }),
  p("run ci on https://github.com/acme/web", "url", R, { op: "test", repo: "acme/web" }),
  p("can you test https://github.com/globex/billing/tree/develop", "url", R, {
    op: "test",
    repo: "globex/billing",
    ref: "develop",
  }),
  p(
    "test this one pls https://github.com/hooli/search/blob/main/.github/workflows/e2e.yml",
    "url",
    R,
    { op: "test", repo: "hooli/search", workflow: ".github/workflows/e2e.yml", ref: "main" },
  ),
  p("run the tests for github.com/contoso/payments", "url", R, {
    op: "test",
    repo: "contoso/payments",
  }),
  p("kick https://github.com/stark/jarvis ci.yml on main", "url", R, {
    op: "test",
    repo: "stark/jarvis",
    workflow: "ci.yml",
    ref: "main",
  }),
  p("trigger a run of <https://github.com/acme/api|acme/api>", "url", R, {
    op: "test",
    repo: "acme/api",
  }),
  p("test https://github.com/umbrella/lab-portal.git", "url", R, {
    op: "test",
    repo: "umbrella/lab-portal",
  }),
  p("can you trigger a test run of acme/web on my branch fix/flaky-login?", "branch", R, {
    op: "test",
    repo: "acme/web",
    ref: "fix/flaky-login",
  }),
  p("run the tests on acme/web branch fix/flaky-login", "branch", R, {
    op: "test",
    repo: "acme/web",
    ref: "fix/flaky-login",
  }),
  p("run the tests on acme/app branch release/2.x", "branch", R, {
    op: "test",
    repo: "acme/app",
    ref: "release/2.x",
  }),
  p("test feature/dark-mode on acme/web", "branch", R, {
    op: "test",
    repo: "acme/web",
    ref: "feature/dark-mode",
  }),
  p("kick off ci.yml for globex/billing on hotfix/INC-4412", "branch", R, {
    op: "test",
    repo: "globex/billing",
    workflow: "ci.yml",
    ref: "hotfix/INC-4412",
  }),
  p("run acme/api tests at tag v2.3.1", "branch", R, {
    op: "test",
    repo: "acme/api",
    ref: "v2.3.1",
  }),
  p("test hooli/search at commit 3f9c2ab", "branch", R, {
    op: "test",
    repo: "hooli/search",
    ref: "3f9c2ab",
  }),
  p("run the tests on my branch dependabot/npm_and_yarn/lodash-4.17.21 in acme/web", "branch", R, {
    op: "test",
    repo: "acme/web",
    ref: "dependabot/npm_and_yarn/lodash-4.17.21",
  }),
  p("please test contoso/infra on the renovate/terraform-1.x branch", "branch", R, {
    op: "test",
    repo: "contoso/infra",
    ref: "renovate/terraform-1.x",
  }),
  p("run e2e on jdoe/try-playwright-1.50 for acme/mobile", "branch", R, {
    op: "test",
    repo: "acme/mobile",
    ref: "jdoe/try-playwright-1.50",
  }),
  p("test stark/jarvis @ 9e107d9d372bb6826bd81d3542a419d6", "branch", R, {
    op: "test",
    repo: "stark/jarvis",
    ref: "9e107d9d372bb6826bd81d3542a419d6",
  }),
  p("run the acme/app tests again, the last one timed out", "terse", R, {
    op: "test",
    repo: "acme/app",
  }),
  p("need a green run on acme/web before the release, can you run it?", "polite", R, {
    op: "test",
    repo: "acme/web",
  }),
  p("test the login page flow on acme/web", "terse", R, { op: "test", repo: "acme/web" }),
  p("check if ci passes on acme/api develop, just run it", "terse", R, {
    op: "test",
    repo: "acme/api",
    ref: "develop",
  }),
];
