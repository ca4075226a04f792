/**
 * The development set of the reader's second round (issue 15): the kinds the first round still
 * misread — bare job ids, reports about other people, alerts and account linking in a sentence,
 * chatter the classifier took for CI, progress and polite requests, help about the bot, compare
 * sentences the grammar refused, apply with a noun, migrate strategies, typos, branch phrases.
 * Written by hand (the brief's examples and variants of them); none trains the classifier.
 *
 * @module
 */
import type { Intent } from "../../src/intent/schema.ts";

/** `[phrase, intent]`: the intent must come out exactly. */
export const ROUND2_PHRASES: readonly [string, Intent][] = [
  // a bare number or hex id that status or cancel wording is about is the target
  ["status of 5521", { op: "status", target: "5521" }],
  ["has 6130 finished?", { op: "status", target: "6130" }],
  ["is 4102 still stuck?", { op: "status", target: "4102" }],
  ["progress on 2290", { op: "status", target: "2290" }],
  ["did 3344 pass yet?", { op: "status", target: "3344" }],
  ["any news on 8812?", { op: "status", target: "8812" }],
  ["where is 7781 at?", { op: "status", target: "7781" }],
  ["is 9b1e44d0 finished", { op: "status", target: "9b1e44d0" }],
  ["what's the state of 7123", { op: "status", target: "7123" }],
  ["is 4102 done? if so leave it", { op: "status", target: "4102" }],
  ["how is 5150 doing", { op: "status", target: "5150" }],
  ["any update on 4410", { op: "status", target: "4410" }],
  ["has a1b2c3d finished", { op: "status", target: "a1b2c3d" }],
  // progress questions
  ["are the foo/bar tests still running?", { op: "status", repo: "foo/bar" }],
  ["how long until the lint run finishes?", { op: "status" }],
  ["eta on my run", { op: "status" }],
  ["how much longer will run 5512 take?", { op: "status", target: "5512" }],
  ["eta for the acme/app build?", { op: "status", repo: "acme/app" }],
  // polite requests in question form
  ["please stop run 6601, it's hung", { op: "cancel", target: "6601" }],
  ["can we stop job 6601? it's been stuck for ages", { op: "cancel", target: "6601" }],
  ["could we cancel 7710? it's wedged", { op: "cancel", target: "7710" }],
  ["mind running the suite on foo/bar 2 times?", { op: "test", repo: "foo/bar", runs: 2 }],
  // alerts without the word subscribe
  ["post in here every time build.yml runs on foo/bar", {
    op: "subscribe",
    repo: "foo/bar",
    workflow: "build.yml",
    on: "always",
  }],
  ["get the https://github.com/foo/bar notifications out of this channel", {
    op: "unsubscribe",
    repo: "foo/bar",
  }],
  ["take foo/bar alerts out of here", { op: "unsubscribe", repo: "foo/bar" }],
  ["get acme/app notifications out of here", { op: "unsubscribe", repo: "acme/app" }],
  ["remove the acme/web alerts from this channel", { op: "unsubscribe", repo: "acme/web" }],
  ["post here every time ci.yml fails on acme/app", {
    op: "subscribe",
    repo: "acme/app",
    workflow: "ci.yml",
    on: "failure",
  }],
  ["drop a note in this channel whenever acme/app's deploy.yml runs", {
    op: "subscribe",
    repo: "acme/app",
    workflow: "deploy.yml",
    on: "always",
  }],
  ["get alerts from acme/app in here", { op: "subscribe", repo: "acme/app" }],
  ["get failures posted here for acme/app", { op: "subscribe", repo: "acme/app", on: "failure" }],
  ["cancel the one stuck for 3 hours", { op: "cancel" }],
  // account linking in a sentence
  ["I'd like to connect my GitHub account so you can act as me", { op: "login" }],
  ["I want to link my github account so you can run things as me", { op: "login" }],
  ["I need to link my github so you can trigger runs for me", { op: "login" }],
  // speed, health
  ["how can I make the foo/bar tests take less time", { op: "optimize", repo: "foo/bar" }],
  ["how do we cut the time of build.yml in foo/bar", {
    op: "optimize",
    repo: "foo/bar",
    workflow: "build.yml",
  }],
  ["how could we make the acme/app jobs take less time?", { op: "optimize", repo: "acme/app" }],
  ["health check on foo/bar ci", { op: "analyze", repo: "foo/bar" }],
  ["how healthy is foo/bar's ci", { op: "analyze", repo: "foo/bar" }],
  ["why is https://github.com/foo/bar/actions/workflows/build.yml so slow", {
    op: "analyze",
    repo: "foo/bar",
    workflow: "build.yml",
  }],
  ["why is https://github.com/foo/bar/actions/runs/123456 so slow", {
    op: "analyze",
    repo: "foo/bar",
  }],
  // help about the bot
  ["what options does compare take?", { op: "help", topic: "compare" }],
  ["which flags does test accept", { op: "help", topic: "test" }],
  ["what arguments does analyze take?", { op: "help", topic: "analyze" }],
  ["what parameters does subscribe accept?", { op: "help", topic: "subscribe" }],
  ["could the bot convert gitlab pipelines?", { op: "help", topic: "migrate" }],
  ["how do I apply optimize suggestions?", { op: "help", topic: "optimize" }],
  ["can this bot move jenkins pipelines?", { op: "help", topic: "migrate" }],
  // compare sentences the grammar refused
  ["compare a.yml with b.yml for foo/bar, 2 runs", {
    op: "compare",
    repo: "foo/bar",
    baseline: "a.yml",
    candidate: "b.yml",
    runs: 2,
  }],
  ["compare a.yml and b.yml on foo/bar 4 times", {
    op: "compare",
    repo: "foo/bar",
    baseline: "a.yml",
    candidate: "b.yml",
    runs: 4,
  }],
  ["how much slower is staging than main in foo/bar?", {
    op: "compare",
    repo: "foo/bar",
    baseline: "main",
    candidate: "staging",
  }],
  // optimize apply with a noun in between
  ["please apply suggestions s1b2c3 and s4d5e6 to foo/bar", {
    op: "optimize",
    repo: "foo/bar",
    apply: { step: "preview", ids: ["s1b2c3", "s4d5e6"] },
  }],
  ["apply suggestion s9k8j7", { op: "optimize", apply: { step: "preview", ids: ["s9k8j7"] } }],
  // migrate strategies
  ["pull the duplicated setup steps of foo/bar into a composite action", {
    op: "migrate",
    repo: "foo/bar",
    strategy: "actions",
  }],
  ["move foo/bar to a mix of reusable workflows and composite actions", {
    op: "migrate",
    repo: "foo/bar",
    strategy: "hybrid",
  }],
  ["share one workflow across foo/bar's jobs instead of copy-paste", {
    op: "migrate",
    repo: "foo/bar",
    strategy: "reusable",
  }],
  ["could we share one workflow across foo/bar's jobs instead of copy-paste?", {
    op: "migrate",
    repo: "foo/bar",
    strategy: "reusable",
  }],
  // listing alerts; the default repo stays use
  ["which repos send alerts to this channel?", { op: "subscribe", target: "list" }],
  ["what alerts are configured here?", { op: "subscribe", target: "list" }],
  ["what is this channel's default repo?", { op: "use" }],
  // a typo outside the command word changes nothing
  ["run teh tests on foo/bar", { op: "test", repo: "foo/bar" }],
  // branch phrase after the repo
  ["test foo/bar on the perf/quick-build branch", {
    op: "test",
    repo: "foo/bar",
    ref: "perf/quick-build",
  }],
];

/** Typos: read, but state-changing ones below MODEL_THRESHOLD (confirmed first). */
export const ROUND2_TYPOS: readonly [string, Intent][] = [
  ["tst foo/bar", { op: "test", repo: "foo/bar" }],
  ["pls tst foo/bar", { op: "test", repo: "foo/bar" }],
  ["sigin in", { op: "login" }],
  ["sgin in", { op: "login" }],
  ["trigegr foo/bar", { op: "test", repo: "foo/bar" }],
  ["cancle 5521", { op: "cancel", target: "5521" }],
  ["stauts of 5521", { op: "status", target: "5521" }],
];

/** Reports, chatter and rants: each must come out as nothing. */
export const ROUND2_NOTHING: readonly string[] = [
  "Sam cancelled 5531 this morning, so it's grey",
  "Lee already re-ran the tests",
  "Priya kicked off the foo/bar tests an hour ago",
  "Alex stopped run 7712 yesterday",
  "ok",
  "what's up?",
  "anyone around?",
  "how's the weather",
  "plans for the weekend?",
  "docs are in the wiki",
  "build is green, merging now",
  "why do we even have two CI systems",
  "good morning everyone",
  "who's up for coffee?",
  "mike cancelled the deploy an hour ago",
  "Dana unsubscribed us from acme/app",
  "Kim restarted the foo/bar pipeline",
  "tests are passing now, thanks",
  "nice work on the CI migration everyone",
  "the pipeline meeting is at 3",
  "deploy ran 3 times today, why",
];

/** Numbers that are not job ids: never a target. */
export const ROUND2_NOT_IDS: readonly [string, Intent][] = [
  ["run foo/bar 3 times", { op: "test", repo: "foo/bar", runs: 3 }],
];
