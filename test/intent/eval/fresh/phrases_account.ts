/**
 * Fresh held-out phrases for help, the GitHub account link (`login`, `logout`) and the
 * conversation's default repository (`use`).
 *
 * @module
 */
import { type EvalPhrase, p } from "../types.ts";

/**
 * Asking how the bot works, linking or unlinking GitHub, and choosing the channel's repository.
 *
 * @example
 * ```ts
 * ACCOUNT_PHRASES.some((x) => x.expect.op === "use"); // true
 * ```
 */
export const ACCOUNT_PHRASES: readonly EvalPhrase[] = [
  p("what can you do?", "question", "question", { op: "help" }),
  p("how does compare work?", "question", "question", { op: "help", topic: "compare" }),
  p("what's migrate for?", "question", "question", { op: "help", topic: "migrate" }),
  p("what does subscribe do exactly?", "question", "question", { op: "help", topic: "subscribe" }),
  p("which commands does this bot understand?", "question", "question", { op: "help" }),
  p("how do I use the optimize command?", "question", "question", {
    op: "help",
    topic: "optimize",
  }),
  p("explain cancel to me", "terse", "request", { op: "help", topic: "cancel" }),
  p("help", "terse", "request", { op: "help" }),
  p("could you show me the list of commands please?", "polite", "request", { op: "help" }),
  p("hlep with test", "typo", "request", { op: "help", topic: "test" }),
  p("what options does analyze take?", "question", "question", { op: "help", topic: "analyze" }),
  p("connect my github account", "terse", "request", { op: "login" }),
  p("sign me in pls", "terse", "request", { op: "login" }),
  p("I'd like to link my GitHub account so you can run things as me", "polite", "request", {
    op: "login",
  }),
  p("log me in", "terse", "request", { op: "login" }),
  p("lgoin", "typo", "request", { op: "login" }),
  p("unlink my github account", "terse", "request", { op: "logout" }),
  p("please disconnect my GitHub from this bot and drop the token", "polite", "request", {
    op: "logout",
  }),
  p("log me out", "terse", "request", { op: "logout" }),
  p("sign out of github for me", "terse", "request", { op: "logout" }),
  p("logotu", "typo", "request", { op: "logout" }),
  p("use tidewater/ledger for this channel", "terse", "request", {
    op: "use",
    repo: "tidewater/ledger",
  }),
  p("set the default repo here to kestrel-hq/mobile-app", "terse", "request", {
    op: "use",
    repo: "kestrel-hq/mobile-app",
  }),
  p(
    "from now on this channel is about https://github.com/lumen/docs-site, use it by default",
    "url",
    "request",
    {
      op: "use",
      repo: "lumen/docs-site",
    },
  ),
  p("which repo is this channel set to?", "question", "question", { op: "use" }),
  p("could you make saltmarsh/infra the default repository for this thread?", "polite", "request", {
    op: "use",
    repo: "saltmarsh/infra",
  }),
  p("uss fjord-data/ingest as the default", "typo", "request", {
    op: "use",
    repo: "fjord-data/ingest",
  }),
];
