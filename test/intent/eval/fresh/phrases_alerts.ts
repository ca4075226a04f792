/**
 * Fresh held-out phrases about alerts (`subscribe`, `unsubscribe`, the `list` of them).
 * "Stop posting X here" is unsubscribe, never cancel.
 *
 * @module
 */
import { type EvalPhrase, p } from "../types.ts";

/**
 * Subscriptions with their filters: `on`, `branch`, `event`, `workflow`.
 *
 * @example
 * ```ts
 * ALERT_PHRASES.some((x) => x.expect.op === "unsubscribe"); // true
 * ```
 */
export const ALERT_PHRASES: readonly EvalPhrase[] = [
  p("let me know when main is back to green", "polite", "request", {
    op: "subscribe",
    on: "recovery",
    branch: "main",
  }),
  p("ping this channel whenever CI fails on tidewater/ledger", "terse", "request", {
    op: "subscribe",
    repo: "tidewater/ledger",
    on: "failure",
  }),
  p("watch bluefin/api-gateway, only pushes to main", "terse", "request", {
    op: "subscribe",
    repo: "bluefin/api-gateway",
    branch: "main",
    event: "push",
  }),
  p("post here every time deploy.yml runs on saltmarsh/infra", "terse", "request", {
    op: "subscribe",
    repo: "saltmarsh/infra",
    workflow: "deploy.yml",
    on: "always",
  }),
  p("could you notify us here if release/5.x breaks in quarry-io/quarry?", "polite", "request", {
    op: "subscribe",
    repo: "quarry-io/quarry",
    branch: "release/5.x",
    on: "failure",
  }),
  p("subscribe this channel to failures on pull requests for copperleaf/web", "terse", "request", {
    op: "subscribe",
    repo: "copperleaf/web",
    on: "failure",
    event: "pull_request",
  }),
  p("subscibe to orbital/telemetry", "typo", "request", {
    op: "subscribe",
    repo: "orbital/telemetry",
  }),
  p("nofity me here when https://github.com/helix-bio/pipeline goes red", "typo", "request", {
    op: "subscribe",
    repo: "helix-bio/pipeline",
    on: "failure",
  }),
  p("follow github.com/lumen/docs-site nightly.yml", "url", "request", {
    op: "subscribe",
    repo: "lumen/docs-site",
    workflow: "nightly.yml",
  }),
  p("alert us when feat/new-ingest on fjord-data/ingest recovers", "branch", "request", {
    op: "subscribe",
    repo: "fjord-data/ingest",
    branch: "feat/new-ingest",
    on: "recovery",
  }),
  p("what alerts are set up in this channel?", "question", "question", {
    op: "subscribe",
    target: "list",
  }),
  p("which repos is this channel subscribed to?", "question", "question", {
    op: "subscribe",
    target: "list",
  }),
  p("subscriptions", "terse", "request", { op: "subscribe", target: "list" }),
  p("stop posting kestrel-hq/mobile-app alerts here", "terse", "request", {
    op: "unsubscribe",
    repo: "kestrel-hq/mobile-app",
  }),
  p(
    "please stop posting tidewater/ledger build notifications in here, it's too noisy",
    "polite",
    "request",
    {
      op: "unsubscribe",
      repo: "tidewater/ledger",
    },
  ),
  p("mute bluefin/api-gateway", "terse", "request", {
    op: "unsubscribe",
    repo: "bluefin/api-gateway",
  }),
  p("unsubscribe from quarry-io/quarry alerts on branch main", "branch", "request", {
    op: "unsubscribe",
    repo: "quarry-io/quarry",
    branch: "main",
  }),
  p("unsubcribe saltmarsh/infra", "typo", "request", {
    op: "unsubscribe",
    repo: "saltmarsh/infra",
  }),
  p(
    "get the https://github.com/copperleaf/web alerts out of this channel please",
    "url",
    "request",
    {
      op: "unsubscribe",
      repo: "copperleaf/web",
    },
  ),
  p("unwatch deploy.yml on orbital/telemetry", "terse", "request", {
    op: "unsubscribe",
    repo: "orbital/telemetry",
    workflow: "deploy.yml",
  }),
  p(
    "can you stop the helix-bio/pipeline notifications for pull_request runs?",
    "polite",
    "request",
    {
      op: "unsubscribe",
      repo: "helix-bio/pipeline",
      event: "pull_request",
    },
  ),
];
