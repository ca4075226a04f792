/**
 * Fresh held-out phrases on which nothing should run: small talk, talk about CI that asks
 * nothing of the bot, talk about GitHub itself, quotes of past events and negations.
 *
 * @module
 */
import { type EvalPhrase, p } from "../types.ts";

const NOTHING = { op: null } as const;

/**
 * Chat that must never act, however many command words it contains.
 *
 * @example
 * ```ts
 * TALK_PHRASES.every((x) => x.expect.op === null); // true
 * ```
 */
export const TALK_PHRASES: readonly EvalPhrase[] = [
  p("thanks!", "smalltalk", "statement", NOTHING),
  p("good morning all ☕", "smalltalk", "statement", NOTHING),
  p("nice, ty bot", "smalltalk", "statement", NOTHING),
  p("lol", "smalltalk", "statement", NOTHING),
  p("👍", "smalltalk", "statement", NOTHING),
  p("anyone up for lunch?", "smalltalk", "question", NOTHING),
  p("how are you doing today?", "smalltalk", "question", NOTHING),
  p("brb, standup", "smalltalk", "statement", NOTHING),
  p("haha that's a good one", "smalltalk", "statement", NOTHING),
  p("happy friday everyone!", "smalltalk", "statement", NOTHING),
  p("who's on call this week?", "smalltalk", "question", NOTHING),
  p("you're the best, bot", "smalltalk", "statement", NOTHING),
  p("don't cancel 4411, it's almost done", "noncommand", "negation", NOTHING),
  p(
    "please don't run anything on main until the freeze is over",
    "noncommand",
    "negation",
    NOTHING,
  ),
  p("no, don't subscribe this channel to tidewater/ledger", "noncommand", "negation", NOTHING),
  p("never mind, don't kill 5512", "noncommand", "negation", NOTHING),
  p("we don't need to migrate bluefin/api-gateway after all", "noncommand", "negation", NOTHING),
  p("do not open the PR for s1a2b3 yet", "noncommand", "negation", NOTHING),
  p(
    "no need to rerun the tests on copperleaf/web, it was a flake",
    "noncommand",
    "negation",
    NOTHING,
  ),
  p(
    "I wouldn't benchmark main vs perf/cache right now, runners are busy",
    "noncommand",
    "negation",
    NOTHING,
  ),
  p("don't bother analyzing quarry-io/quarry, it's archived", "noncommand", "negation", NOTHING),
  p(
    "the test on main failed last night because of a flaky db container",
    "noncommand",
    "statement",
    NOTHING,
  ),
  p("I ran a compare yesterday and main was faster anyway", "noncommand", "statement", NOTHING),
  p("Priya cancelled 7781 earlier, that's why it's grey", "noncommand", "statement", NOTHING),
  p("our CI config lives in .github/workflows/ci.yml btw", "noncommand", "statement", NOTHING),
  p("deploy.yml takes like 14 minutes, such a pain", "noncommand", "statement", NOTHING),
  p("I'll run the tests on orbital/telemetry after lunch", "noncommand", "statement", NOTHING),
  p("we subscribed #release to helix-bio/pipeline last sprint", "noncommand", "statement", NOTHING),
  p("the bot said job 3391 was cancelled, FYI", "noncommand", "statement", NOTHING),
  p("last week's migration of lumen/docs-site went fine", "noncommand", "statement", NOTHING),
  p("is github down again?", "noncommand", "question", NOTHING),
  p("does GitHub bill macOS runners at 10x?", "noncommand", "question", NOTHING),
  p(
    "what's the difference between workflow_dispatch and repository_dispatch?",
    "noncommand",
    "question",
    NOTHING,
  ),
  p(
    "anyone know if GitHub Actions supports arm64 Windows runners yet?",
    "noncommand",
    "question",
    NOTHING,
  ),
  p(
    "did someone already restart the self-hosted runner on box 3?",
    "noncommand",
    "question",
    NOTHING,
  ),
  p(
    "GitHub is showing a yellow banner for Actions, incident ongoing",
    "noncommand",
    "statement",
    NOTHING,
  ),
  p("how do you all handle secrets in forked PRs?", "noncommand", "question", NOTHING),
  p(
    "who merged https://github.com/saltmarsh/infra/pull/812 without review??",
    "url",
    "question",
    NOTHING,
  ),
  p(
    "see https://github.com/fjord-data/ingest/issues/77 for the flaky test discussion",
    "url",
    "statement",
    NOTHING,
  ),
  p("wasn't the release/2.x branch deleted last month?", "branch", "question", NOTHING),
  p("shoudl we bump python to 3.13 in the matrix at some point?", "typo", "question", NOTHING),
  p("teh runners were super slow this mornign", "typo", "statement", NOTHING),
];
