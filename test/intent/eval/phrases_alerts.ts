/**
 * Phrases about CI alerts in a channel: `subscribe` with its filters (branch, failure,
 * recovery, event), listing subscriptions, and `unsubscribe` — which "stop posting …" means,
 * never `cancel`.
 *
 * @module
 */
import { type EvalPhrase, p } from "./types.ts";

const R = "request";
const Q = "question";
const S = "statement";
const N = "negation";

/** `subscribe` and `unsubscribe` phrases. */
export const ALERT_PHRASES: readonly EvalPhrase[] = [
  p("subscribe acme/app on:failure", "exact", R, {
    op: "subscribe",
    repo: "acme/app",
    on: "failure",
  }),
  p("subscribe repo:globex/billing on:recovery branch:main", "exact", R, {
    op: "subscribe",
    repo: "globex/billing",
    on: "recovery",
    branch: "main",
  }),
  p("subscriptions", "exact", R, { op: "subscribe", target: "list" }),
  p("@ci-orchestrator watch hooli/search", "exact", R, { op: "subscribe", repo: "hooli/search" }),
  p("let me know when main is back to green", "terse", R, {
    op: "subscribe",
    on: "recovery",
    branch: "main",
  }),
  p("tell us when acme/web main goes red", "terse", R, {
    op: "subscribe",
    repo: "acme/web",
    branch: "main",
    on: "failure",
  }),
  p("ping this channel if acme/api fails on main", "terse", R, {
    op: "subscribe",
    repo: "acme/api",
    branch: "main",
    on: "failure",
  }),
  p("post acme/mobile build failures here", "terse", R, {
    op: "subscribe",
    repo: "acme/mobile",
    on: "failure",
  }),
  p("keep an eye on contoso/infra and shout when it breaks", "terse", R, {
    op: "subscribe",
    repo: "contoso/infra",
    on: "failure",
  }),
  p("alert me on every stark/jarvis run", "terse", R, {
    op: "subscribe",
    repo: "stark/jarvis",
    on: "always",
  }),
  p("notify here when release/2.x on acme/app fails", "branch", R, {
    op: "subscribe",
    repo: "acme/app",
    branch: "release/2.x",
    on: "failure",
  }),
  p("watch feature/payments-v2 on globex/billing", "branch", R, {
    op: "subscribe",
    repo: "globex/billing",
    branch: "feature/payments-v2",
  }),
  p("let us know when hotfix/INC-4412 passes again in acme/api", "branch", R, {
    op: "subscribe",
    repo: "acme/api",
    branch: "hotfix/INC-4412",
    on: "recovery",
  }),
  p("send failures for acme/web pull requests to this channel", "terse", R, {
    op: "subscribe",
    repo: "acme/web",
    on: "failure",
    event: "pull_request",
  }),
  p("tell me when the nightly on hooli/search fails", "terse", R, {
    op: "subscribe",
    repo: "hooli/search",
    on: "failure",
    event: "schedule",
  }),
  p("could you let this channel know whenever acme/app main is fixed?", "polite", R, {
    op: "subscribe",
    repo: "acme/app",
    branch: "main",
    on: "recovery",
  }),
  p("please subscribe us to umbrella/lab-portal failures", "polite", R, {
    op: "subscribe",
    repo: "umbrella/lab-portal",
    on: "failure",
  }),
  p("would be great to get alerts for acme/docs in here", "polite", R, {
    op: "subscribe",
    repo: "acme/docs",
  }),
  p("can you ping me when acme/mobile is green again?", "question", R, {
    op: "subscribe",
    repo: "acme/mobile",
    on: "recovery",
  }),
  p("subscibe acme/app", "typo", R, { op: "subscribe", repo: "acme/app" }),
  p("subcribe globex/billing on:failure", "typo", R, {
    op: "subscribe",
    repo: "globex/billing",
    on: "failure",
  }),
  p("sub acme/web failures", "terse", R, { op: "subscribe", repo: "acme/web", on: "failure" }),
  p("wacth hooli/search", "typo", R, { op: "subscribe", repo: "hooli/search" }),
  p("watch https://github.com/initech/tps-reports for failures", "url", R, {
    op: "subscribe",
    repo: "initech/tps-reports",
    on: "failure",
  }),
  p("subscribe to https://github.com/acme/api/tree/main", "url", R, {
    op: "subscribe",
    repo: "acme/api",
    branch: "main",
  }),
  p("what are we subscribed to here?", "question", Q, { op: "subscribe", target: "list" }),
  p("which repos does this channel get alerts for?", "question", Q, {
    op: "subscribe",
    target: "list",
  }),
  p("list the subscriptions", "terse", R, { op: "subscribe", target: "list" }),
  p("are we watching acme/web in this channel?", "question", Q, {
    op: "subscribe",
    target: "list",
  }),
  p("how do I get failure alerts in this channel?", "question", Q, {
    op: "help",
    topic: "subscribe",
  }),
  p("unsubscribe acme/app", "exact", R, { op: "unsubscribe", repo: "acme/app" }),
  p("unsubscribe repo:globex/billing branch:main", "exact", R, {
    op: "unsubscribe",
    repo: "globex/billing",
    branch: "main",
  }),
  p("please stop posting acme/web build failures in here", "polite", N, {
    op: "unsubscribe",
    repo: "acme/web",
  }),
  p("stop spamming us about hooli/search", "terse", N, { op: "unsubscribe", repo: "hooli/search" }),
  p("no more acme/api alerts in this channel pls", "terse", N, {
    op: "unsubscribe",
    repo: "acme/api",
  }),
  p("mute contoso/infra", "terse", R, { op: "unsubscribe", repo: "contoso/infra" }),
  p("unsub acme/mobile", "terse", R, { op: "unsubscribe", repo: "acme/mobile" }),
  p("we don't need stark/jarvis notifications here anymore", "terse", N, {
    op: "unsubscribe",
    repo: "stark/jarvis",
  }),
  p("stop the acme/app alerts for release/2.x", "branch", N, {
    op: "unsubscribe",
    repo: "acme/app",
    branch: "release/2.x",
  }),
  p("turn off notifications for feature/payments-v2 on globex/billing", "branch", N, {
    op: "unsubscribe",
    repo: "globex/billing",
    branch: "feature/payments-v2",
  }),
  p("could you stop the umbrella/lab-portal pings? thanks", "polite", N, {
    op: "unsubscribe",
    repo: "umbrella/lab-portal",
  }),
  p("please unsubscribe this channel from acme/docs", "polite", R, {
    op: "unsubscribe",
    repo: "acme/docs",
  }),
  p("unsubscirbe acme/web", "typo", R, { op: "unsubscribe", repo: "acme/web" }),
  p("unsbuscribe hooli/search", "typo", R, { op: "unsubscribe", repo: "hooli/search" }),
  p("unwtach acme/api", "typo", R, { op: "unsubscribe", repo: "acme/api" }),
  p("stop posting https://github.com/pied-piper/middle-out failures here", "url", N, {
    op: "unsubscribe",
    repo: "pied-piper/middle-out",
  }),
  p("can you stop telling us every time acme/mobile fails?", "question", N, {
    op: "unsubscribe",
    repo: "acme/mobile",
    on: "failure",
  }),
  p("how do I mute these alerts?", "question", Q, { op: "help", topic: "unsubscribe" }),
  p("these acme/web alerts are so noisy", "noncommand", S, { op: null }),
  p("don't unsubscribe acme/app, we still need those", "noncommand", N, { op: null }),
];
