/**
 * The examples of issue 15's brief for the operation reader, with their intents (not from the
 * evaluation set).
 *
 * @module
 */
import type { Intent } from "../../src/intent/schema.ts";

/**
 * The examples of the brief, kind by kind. The classifier's templates were written for
 * the same kinds, so these check the rules and fields, not how the classifier generalizes.
 */
export const BRIEF_PHRASES: readonly [string, Intent][] = [
  ["why do builds on foo/bar take an hour now", { op: "analyze", repo: "foo/bar" }],
  ["what is eating all the CI minutes in foo/bar", { op: "analyze", repo: "foo/bar" }],
  ["is the pipeline of foo/bar in decent shape", { op: "analyze", repo: "foo/bar" }],
  ["what made the build red on foo/bar main", { op: "analyze", repo: "foo/bar", ref: "main" }],
  ["foo/bar CI has been crawling since Monday", { op: "analyze", repo: "foo/bar" }],
  ["could you look at https://github.com/foo/bar/actions, everything is failing", {
    op: "analyze",
    repo: "foo/bar",
  }],
  ["do we pin our actions in foo/bar?", { op: "analyze", repo: "foo/bar" }],
  ["does lint.yml in foo/bar follow good practice?", {
    op: "analyze",
    repo: "foo/bar",
    workflow: "lint.yml",
  }],
  ["could foo/bar's jobs run more in parallel", { op: "optimize", repo: "foo/bar" }],
  ["what would make build.yml in foo/bar quicker", {
    op: "optimize",
    repo: "foo/bar",
    workflow: "build.yml",
  }],
  ["how do we get foo/bar under 8 minutes", { op: "optimize", repo: "foo/bar" }],
  ["biggest quick win for foo/bar build time", { op: "optimize", repo: "foo/bar" }],
  ["can the suite on foo/bar be made faster", { op: "optimize", repo: "foo/bar" }],
  ["tune foo/bar deploy.yml for speed", {
    op: "optimize",
    repo: "foo/bar",
    workflow: "deploy.yml",
  }],
  ["how can I make the tests on foo/bar finish sooner", { op: "optimize", repo: "foo/bar" }],
  ["go ahead and apply s1b2c3 to foo/bar", {
    op: "optimize",
    repo: "foo/bar",
    apply: { "step": "preview", "ids": ["s1b2c3"] },
  }],
  ["please apply s1b2c3 and s4d5e6 on foo/bar", {
    op: "optimize",
    repo: "foo/bar",
    apply: { "step": "preview", "ids": ["s1b2c3", "s4d5e6"] },
  }],
  ["what does compare actually do", { op: "help", topic: "compare" }],
  ["which options does cancel take", { op: "help", topic: "cancel" }],
  ["what do I type to run a workflow on a branch", { op: "help", topic: "test" }],
  ["how do I give inputs to a workflow", { op: "help", topic: "test" }],
  ["is there a way to compare two branches", { op: "help", topic: "compare" }],
  ["can you convert jenkins pipelines?", { op: "help", topic: "migrate" }],
  ["what does status show", { op: "help", topic: "status" }],
  ["how do I use you", { op: "help" }],
  ["what are you able to do", { op: "help" }],
  ["new here, what can this bot do?", { op: "help" }],
  ["difference between test and compare?", { op: "help" }],
  ["hepl", { op: "help" }],
  ["hlpe test", { op: "help", topic: "test" }],
  ["what happened to job 4242", { op: "status", target: "4242" }],
  ["did job 12 make it through", { op: "status", target: "12" }],
  ["what's the state of 1a2b3c4d", { op: "status", target: "1a2b3c4d" }],
  ["anything waiting in the queue on foo/bar", { op: "status", repo: "foo/bar" }],
  ["is something stuck", { op: "status" }],
  ["can you check on my run please?", { op: "status" }],
  ["kill job 77, wrong commit", { op: "cancel", target: "77" }],
  ["nuke 77", { op: "cancel", target: "77" }],
  ["scrap that run 1a2b3c4d", { op: "cancel", target: "1a2b3c4d" }],
  ["post foo/bar failures in here", { op: "subscribe", repo: "foo/bar", on: "failure" }],
  ["watch foo/bar and yell when it breaks", { op: "subscribe", repo: "foo/bar", on: "failure" }],
  ["ping me for every foo/bar run", { op: "subscribe", repo: "foo/bar", on: "always" }],
  ["send foo/bar PR failures to this channel", {
    op: "subscribe",
    repo: "foo/bar",
    on: "failure",
    event: "pull_request",
  }],
  ["what are we subscribed to", { op: "subscribe", target: "list" }],
  ["which repos send alerts to this channel", { op: "subscribe", target: "list" }],
  ["list subscriptions", { op: "subscribe", target: "list" }],
  ["show this channel's subscriptions", { op: "subscribe", target: "list" }],
  ["are we following foo/bar in here?", { op: "subscribe", target: "list" }],
  ["turn off alerts for release/9.x on foo/bar", {
    op: "unsubscribe",
    repo: "foo/bar",
    branch: "release/9.x",
  }],
  ["connect my github", { op: "login" }],
  ["authenticate me with github", { op: "login" }],
  ["lgoin", { op: "login" }],
  ["sing in", { op: "login" }],
  ["sign-in pls", { op: "login" }],
  ["forget my github token", { op: "logout" }],
  ["disconnect my github", { op: "logout" }],
  ["revoke your access to my account", { op: "logout" }],
  ["logotu", { op: "logout" }],
  ["sing out", { op: "logout" }],
  ["set foo/bar as this channel's default repo", { op: "use", repo: "foo/bar" }],
  ["what's the default repo here?", { op: "use" }],
  ["get foo/bar off gitlab ci", { op: "migrate", repo: "foo/bar" }],
  ["port foo/bar's jenkinsfile", { op: "migrate", repo: "foo/bar" }],
  ["a mix of reusable workflows and composite actions", { op: "migrate", strategy: "hybrid" }],
  ["share one workflow across foo/bar instead of copy-pasting", {
    op: "migrate",
    repo: "foo/bar",
    strategy: "reusable",
  }],
  ["run the suite 4 times on foo/bar, I think it's flaky", {
    op: "test",
    repo: "foo/bar",
    runs: 4,
  }],
  ["would you mind running the tests on foo/bar twice?", { op: "test", repo: "foo/bar", runs: 2 }],
  ["pls tset foo/bar", { op: "test", repo: "foo/bar" }],
  ["kick https://github.com/foo/bar ci.yml on main", {
    op: "test",
    repo: "foo/bar",
    workflow: "ci.yml",
    ref: "main",
  }],
  ["kick off foo/bar", { op: "test", repo: "foo/bar" }],
  ["fire foo/bar", { op: "test", repo: "foo/bar" }],
  ["see if CI passes on foo/bar develop \u2014 just run it", {
    op: "test",
    repo: "foo/bar",
    ref: "develop",
  }],
];

/** The brief's non-commands. */
export const BRIEF_NOTHING: readonly string[] = [
  "is github down for anyone else?",
  "why is github so slow today",
  "did you all see the analyze report for foo/bar? crazy",
  "did you catch the match last night?",
];
