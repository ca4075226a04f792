/**
 * The development set of the natural-language stage: hand-written phrasings (by the stage's
 * author, never taken from the evaluation set) with the whole intent each must produce.
 *
 * @module
 */
import type { Intent } from "../../src/intent/schema.ts";

/** `[phrase, intent]`: the intent must come out exactly. */
export const DEV_PHRASES: readonly [string, Intent][] = [
  // progress questions → status
  ["hows my test run going", { op: "status" }],
  ["how's the build going on acme/app?", { op: "status", repo: "acme/app" }],
  ["how is my test run going on acme/app", { op: "status", repo: "acme/app" }],
  ["is my build done yet", { op: "status" }],
  ["did my run on acme/web finish?", { op: "status", repo: "acme/web" }],
  ["any jobs still running on acme/app?", { op: "status", repo: "acme/app" }],
  ["what's running?", { op: "status" }],
  ["where is job 4411 at", { op: "status", target: "4411" }],
  ["status of 9b1e44d0 please", { op: "status", target: "9b1e44d0" }],
  ["what is queued on acme/api", { op: "status", repo: "acme/api" }],
  // questions about speed → optimize / analyze, never test
  ["how do I get the test job on contoso/infra under 10 min?", {
    op: "optimize",
    repo: "contoso/infra",
  }],
  ["why is CI slow", { op: "analyze" }],
  ["why are the tests on acme/app so slow?", { op: "analyze", repo: "acme/app" }],
  ["why does deploy.yml keep failing on acme/app", {
    op: "analyze",
    repo: "acme/app",
    workflow: "deploy.yml",
  }],
  ["how can we make acme/web builds faster?", { op: "optimize", repo: "acme/web" }],
  ["could the test workflow in acme/app be quicker?", { op: "optimize", repo: "acme/app" }],
  ["is acme/app flaky?", { op: "analyze", repo: "acme/app" }],
  ["what's wrong with acme/app's pipeline", { op: "analyze", repo: "acme/app" }],
  // how-to questions → help, never the action
  ["how do I run tests on acme/app?", { op: "help", topic: "test" }],
  ["how do I cancel a job?", { op: "help", topic: "cancel" }],
  // negation of alerts → unsubscribe, never cancel
  ["please stop posting acme/web build failures in here", {
    op: "unsubscribe",
    repo: "acme/web",
    on: "failure",
  }],
  ["stop posting failures for acme/web", { op: "unsubscribe", repo: "acme/web", on: "failure" }],
  ["don't alert us about acme/app anymore", { op: "unsubscribe", repo: "acme/app" }],
  ["do not notify this channel about acme/api", { op: "unsubscribe", repo: "acme/api" }],
  ["no more pings for acme/app please", { op: "unsubscribe", repo: "acme/app" }],
  ["unsub acme/app", { op: "unsubscribe", repo: "acme/app" }],
  ["mute acme/app alerts", { op: "unsubscribe", repo: "acme/app" }],
  // subscriptions with filters
  ["let me know when main is back to green on acme/app", {
    op: "subscribe",
    repo: "acme/app",
    on: "recovery",
    branch: "main",
  }],
  ["notify me when main fails on acme/app", {
    op: "subscribe",
    repo: "acme/app",
    on: "failure",
    branch: "main",
  }],
  ["sub to acme/app failures", { op: "subscribe", repo: "acme/app", on: "failure" }],
  ["ping us whenever acme/web goes red", { op: "subscribe", repo: "acme/web", on: "failure" }],
  ["keep me posted on acme/app", { op: "subscribe", repo: "acme/app" }],
  // requests that act (confirmed by the caller)
  ["can you trigger a test run of acme/web on my branch fix/flaky-login?", {
    op: "test",
    repo: "acme/web",
    ref: "fix/flaky-login",
  }],
  ["run the tests on acme/web branch fix/flaky-login", {
    op: "test",
    repo: "acme/web",
    ref: "fix/flaky-login",
  }],
  ["fire off the tests on main for https://github.com/initech/tps-reports", {
    op: "test",
    repo: "initech/tps-reports",
    ref: "main",
  }],
  ["please run ci.yml in the acme/app repo", { op: "test", repo: "acme/app", workflow: "ci.yml" }],
  ["test acme/api on python 3.10 through 3.12", {
    op: "test",
    repo: "acme/api",
    matrix: { "python-version": ["3.10", "3.11", "3.12"] },
  }],
  ["test acme/api on node 18 20 22", {
    op: "test",
    repo: "acme/api",
    matrix: { "node-version": ["18", "20", "22"] },
  }],
  ["run acme/app on node 18 to 22", {
    op: "test",
    repo: "acme/app",
    matrix: { "node-version": ["18", "20", "22"] },
  }],
  ["in the acme/app repo, run tests on ubuntu and macos", {
    op: "test",
    repo: "acme/app",
    matrix: { os: ["ubuntu-latest", "macos-latest"] },
  }],
  ["dispatch deploy.yml on acme/docs with environment=staging and version=1.4.2", {
    op: "test",
    repo: "acme/docs",
    workflow: "deploy.yml",
    inputs: { environment: "staging", version: "1.4.2" },
  }],
  ["kick off acme/app ci.yml with inputs:debug=true", {
    op: "test",
    repo: "acme/app",
    workflow: "ci.yml",
    inputs: { debug: "true" },
  }],
  ["run acme/app 3 times on the release/2.x branch", {
    op: "test",
    repo: "acme/app",
    ref: "release/2.x",
    runs: 3,
  }],
  ["test acme/login-service", { op: "test", repo: "acme/login-service" }],
  ["trigger the tests for acme/app at tag v2.3.0", { op: "test", repo: "acme/app", ref: "v2.3.0" }],
  // names never decide the operation
  ["analyze the release/2.x branch of acme/app", {
    op: "analyze",
    repo: "acme/app",
    ref: "release/2.x",
  }],
  ["run tests on acme/web branch feat/cancel-button", {
    op: "test",
    repo: "acme/web",
    ref: "feat/cancel-button",
  }],
  ["check acme/optimize-service", { op: "analyze", repo: "acme/optimize-service" }],
  ["run acme/status-page tests", { op: "test", repo: "acme/status-page" }],
  // two workflows → compare
  ["is ci-fast.yml faster than ci.yml on acme/app?", {
    op: "compare",
    repo: "acme/app",
    baseline: "ci.yml",
    candidate: "ci-fast.yml",
  }],
  ["compare acme/app ci.yml ci-fast.yml", {
    op: "compare",
    repo: "acme/app",
    baseline: "ci.yml",
    candidate: "ci-fast.yml",
  }],
  ["A/B test ci.yml vs ci-turbo.yml for acme/app", {
    op: "compare",
    repo: "acme/app",
    baseline: "ci.yml",
    candidate: "ci-turbo.yml",
  }],
  ["benchmark main against perf-cache on acme/app", {
    op: "compare",
    repo: "acme/app",
    baseline: "perf-cache",
    candidate: "main",
  }],
  // job ids
  ["cancel 9b1e44d0", { op: "cancel", target: "9b1e44d0" }],
  ["/ci-test cancel 9b1e44d0", { op: "cancel", target: "9b1e44d0" }],
  ["please kill job 42 on acme/app", { op: "cancel", target: "42", repo: "acme/app" }],
  ["abort 9b1e44d0 now", { op: "cancel", target: "9b1e44d0" }],
  // typos (low confidence, confirmed by the caller)
  ["tset acme/app", { op: "test", repo: "acme/app" }],
  ["anaylze acme/app", { op: "analyze", repo: "acme/app" }],
  ["optmize acme/app ci.yml", { op: "optimize", repo: "acme/app", workflow: "ci.yml" }],
  ["subscibe acme/app", { op: "subscribe", repo: "acme/app" }],
  // migrate synonyms
  ["convert acme/app off gitlab", { op: "migrate", repo: "acme/app" }],
  ["standardize the workflows in acme/app", { op: "migrate", repo: "acme/app" }],
  ["move acme/app to reusable workflows", {
    op: "migrate",
    repo: "acme/app",
    strategy: "reusable",
  }],
  // accounts and help
  ["log me in", { op: "login" }],
  ["unlink my github account", { op: "logout" }],
  ["what can you do?", { op: "help" }],
  // round 2: questions about a command → help with that topic, never the command
  ["what does logout do?", { op: "help", topic: "logout" }],
  ["what is cancel for?", { op: "help", topic: "cancel" }],
  ["how do I use compare?", { op: "help", topic: "compare" }],
  ["how does unsubscribe work?", { op: "help", topic: "unsubscribe" }],
  ["explain the migrate command", { op: "help", topic: "migrate" }],
  ["can you help me run tests on acme/api?", { op: "help", topic: "test" }],
  // round 2: indirect subscriptions and recovery alerts
  ["tell this channel whenever acme/api main is green again", {
    op: "subscribe",
    repo: "acme/api",
    on: "recovery",
    branch: "main",
  }],
  ["let the team know once acme/web develop is fixed", {
    op: "subscribe",
    repo: "acme/web",
    on: "recovery",
    branch: "develop",
  }],
  ["ping the channel when acme/api breaks", { op: "subscribe", repo: "acme/api", on: "failure" }],
  ["keep this channel updated on acme/docs failures", {
    op: "subscribe",
    repo: "acme/docs",
    on: "failure",
  }],
  ["tell us if acme/web breaks", { op: "subscribe", repo: "acme/web", on: "failure" }],
  ["give us a heads up when acme/api fails", { op: "subscribe", repo: "acme/api", on: "failure" }],
  // round 2: run URLs name the run
  ["cancel https://github.com/acme/web/actions/runs/771234567", {
    op: "cancel",
    repo: "acme/web",
    target: "771234567",
  }],
  ["what's the status of https://github.com/acme/web/actions/runs/771234567", {
    op: "status",
    repo: "acme/web",
    target: "771234567",
  }],
  // round 2: two workflows, more phrasings
  ["deploy.yml versus deploy-v2.yml in acme/app", {
    op: "compare",
    repo: "acme/app",
    baseline: "deploy.yml",
    candidate: "deploy-v2.yml",
  }],
  ["compare ci.yml and ci-next.yml for acme/web", {
    op: "compare",
    repo: "acme/web",
    baseline: "ci.yml",
    candidate: "ci-next.yml",
  }],
  ["is build-new.yml quicker than build.yml on acme/app?", {
    op: "compare",
    repo: "acme/app",
    baseline: "build.yml",
    candidate: "build-new.yml",
  }],
  ["A/B build.yml against build-new.yml", {
    op: "compare",
    baseline: "build-new.yml",
    candidate: "build.yml",
  }],
  ["which one is faster, build.yml or build-new.yml?", {
    op: "compare",
    baseline: "build.yml",
    candidate: "build-new.yml",
  }],
  // round 3: refs said plainly
  ["run the tests for acme/app on main", { op: "test", repo: "acme/app", ref: "main" }],
  ["test acme/app, ref develop", { op: "test", repo: "acme/app", ref: "develop" }],
  ["test acme/app @ 3f9a1c2b4d5e6f708192a3b4c5d6e7f8091a2b3c", {
    op: "test",
    repo: "acme/app",
    ref: "3f9a1c2b4d5e6f708192a3b4c5d6e7f8091a2b3c",
  }],
  ["run tests for https://github.com/acme/app/tree/release-2.1", {
    op: "test",
    repo: "acme/app",
    ref: "release-2.1",
  }],
  ["rerun acme/web develop", { op: "test", repo: "acme/web", ref: "develop" }],
  ["analyze acme/app on develop", { op: "analyze", repo: "acme/app", ref: "develop" }],
  ["run tests on alice/new-parser for acme/app", {
    op: "test",
    repo: "acme/app",
    ref: "alice/new-parser",
  }],
  ["test bob/x-fix in acme/web", { op: "test", repo: "acme/web", ref: "bob/x-fix" }],
  // round 3: runs and wishes → test
  ["run the suite 5 times on acme/app", { op: "test", repo: "acme/app", runs: 5 }],
  ["can I get a fresh test run on acme/app?", { op: "test", repo: "acme/app" }],
  ["mind running the tests on acme/app 3 times?", { op: "test", repo: "acme/app", runs: 3 }],
  ["need a green run on acme/app, can you run it?", { op: "test", repo: "acme/app" }],
  ["just run it", { op: "test" }],
  // round 3: branch comparisons without workflow files
  ["feature-x vs develop for acme/app", {
    op: "compare",
    repo: "acme/app",
    baseline: "feature-x",
    candidate: "develop",
  }],
  ["my-branch against main on acme/app", {
    op: "compare",
    repo: "acme/app",
    baseline: "main",
    candidate: "my-branch",
  }],
  ["is perf-cache quicker than release-3?", {
    op: "compare",
    baseline: "release-3",
    candidate: "perf-cache",
  }],
  ["which builds quicker, perf-cache or main?", {
    op: "compare",
    baseline: "perf-cache",
    candidate: "main",
  }],
  ["how does ci on perf-cache compare to main for acme/app?", {
    op: "compare",
    repo: "acme/app",
    baseline: "main",
    candidate: "perf-cache",
  }],
  ["benchmark perf-cache against main on acme/app, 5 runs each", {
    op: "compare",
    repo: "acme/app",
    runs: 5,
    baseline: "main",
    candidate: "perf-cache",
  }],
  ["comapre main and perf-cache on acme/app", {
    op: "compare",
    repo: "acme/app",
    baseline: "main",
    candidate: "perf-cache",
  }],
  ["did moving to perf-cache help vs main?", {
    op: "compare",
    baseline: "main",
    candidate: "perf-cache",
  }],
  // round 3: two workflow files with other verbs
  ["pit ci-fast.yml against ci.yml on acme/app", {
    op: "compare",
    repo: "acme/app",
    baseline: "ci.yml",
    candidate: "ci-fast.yml",
  }],
  ["does ci-fast.yml beat ci.yml?", {
    op: "compare",
    baseline: "ci.yml",
    candidate: "ci-fast.yml",
  }],
  ["ci-new.yml slower than ci.yml on acme/app?", {
    op: "compare",
    repo: "acme/app",
    baseline: "ci.yml",
    candidate: "ci-new.yml",
  }],
  // round 3: matrices
  ["test acme/app on python 3.12 + 3.13", {
    op: "test",
    repo: "acme/app",
    matrix: { "python-version": ["3.12", "3.13"] },
  }],
  ["test acme/app on every python from 3.8 up to 3.11", {
    op: "test",
    repo: "acme/app",
    matrix: { "python-version": ["3.8", "3.9", "3.10", "3.11"] },
  }],
  ["run the full matrix on acme/app", { op: "test", repo: "acme/app", matrix: "full" }],
];

/**
 * Negated requests, statements and words for the people in the channel: each must come out as
 * nothing (unsupported), never an operation.
 */
export const NOTHING: readonly string[] = [
  "don't cancel 7c2f9a11",
  "please don't abort job 5120 on acme/api",
  "no need to stop the acme/web run, it's almost done",
  "hey, don't kill my build 3377",
  "don't unsubscribe this channel from acme/app",
  "don't log me out of github",
  "never mind, don't rerun acme/app",
  "the staging env is broken, don't bother testing",
  "forget it, no need to trigger acme/docs",
  "my build 55102 finally passed",
  "I'll rerun the tests on acme/app after lunch",
  "we're going to test the new runner tomorrow",
  "heads up: I'm deleting the old deploy.yml later today",
  "fyi I cancelled the nightly run",
  "these failure pings are so noisy",
  "ran the acme/app tests locally, all green",
  "can someone look at the failing tests on acme/web",
  "lol the tests are red again",
  // round 3: small talk and complaints that name an action
  "stop, wait",
  "sorry, wrong channel",
  "ignore that last message",
  "wfh today, ping me if needed",
  "keeps timing out when I run the tests on acme/app",
  "half of acme/web goes red whenever we trigger a build",
  "disregard that, cancel 4411 was a typo",
];

/** Questions and non-commands: whatever they become, never a state-changing operation. */
export const NEVER_ACT: readonly string[] = [
  "hows my test run going",
  "am I signed in right now?",
  "are we logged out already?",
  "how is the cancel going",
  "what happens if I cancel a job?",
  "did someone trigger a run on acme/app?",
  "is the test for acme/app still running?",
  "why did acme/app's tests fail?",
  "how do I subscribe to acme/app?",
  "can I run tests on windows?",
  "should I rerun acme/app?",
  "when was acme/app last tested?",
  "are the alerts for acme/app on?",
  "which branch did the last test run on?",
];

/** Inflections only the library's lemmas read ("cancelling" → cancel): checked once it loaded. */
export const LIBRARY_PHRASES: readonly [string, Intent][] = [
  ["cancelling 9b1e44d0", { op: "cancel", target: "9b1e44d0" }],
  ["subscribing this channel to acme/app", { op: "subscribe", repo: "acme/app" }],
  ["acme/app needs testing on the main branch", { op: "test", repo: "acme/app", ref: "main" }],
];
