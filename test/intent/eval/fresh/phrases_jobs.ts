/**
 * Fresh held-out phrases about running jobs (`status`, `cancel`). Questions about a run are
 * status, never a new run; every job id the sentence gives is kept.
 *
 * @module
 */
import { type EvalPhrase, p } from "../types.ts";

/**
 * Progress questions and cancellations.
 *
 * @example
 * ```ts
 * JOB_PHRASES.filter((x) => x.expect.op === "cancel").length > 0; // true
 * ```
 */
export const JOB_PHRASES: readonly EvalPhrase[] = [
  p("is my deploy test done?", "question", "question", { op: "status" }),
  p("hows the test run going", "question", "question", { op: "status" }),
  p("did the matrix run on tidewater/ledger finish yet?", "question", "question", {
    op: "status",
    repo: "tidewater/ledger",
  }),
  p("what's running on bluefin/api-gateway right now?", "question", "question", {
    op: "status",
    repo: "bluefin/api-gateway",
  }),
  p("anything still queued?", "question", "question", { op: "status" }),
  p("where's job 7731 at?", "question", "question", { op: "status", target: "7731" }),
  p("how far along is 5520?", "question", "question", { op: "status", target: "5520" }),
  p("is e2e.yml on copperleaf/web still going?", "question", "question", {
    op: "status",
    repo: "copperleaf/web",
    workflow: "e2e.yml",
  }),
  p("did my tests on orbital/telemetry pass?", "question", "question", {
    op: "status",
    repo: "orbital/telemetry",
  }),
  p("any update on job 60412?", "question", "question", { op: "status", target: "60412" }),
  p("status", "terse", "request", { op: "status" }),
  p("status of 8812", "terse", "request", { op: "status", target: "8812" }),
  p("jobs on quarry-io/quarry", "terse", "request", { op: "status", repo: "quarry-io/quarry" }),
  p("could you show me what's in the queue for helix-bio/pipeline?", "polite", "request", {
    op: "status",
    repo: "helix-bio/pipeline",
  }),
  p("stauts of job 4410", "typo", "request", { op: "status", target: "4410" }),
  p("whats teh progress on 3391", "typo", "question", { op: "status", target: "3391" }),
  p("cancel 4411", "terse", "request", { op: "cancel", target: "4411" }),
  p("kill 9921", "terse", "request", { op: "cancel", target: "9921" }),
  p("abort job 3310 on saltmarsh/infra", "terse", "request", {
    op: "cancel",
    repo: "saltmarsh/infra",
    target: "3310",
  }),
  p("please stop run 88123, it's stuck on the docker pull", "polite", "request", {
    op: "cancel",
    target: "88123",
  }),
  p("could you cancel job 5017 for me? wrong branch", "polite", "request", {
    op: "cancel",
    target: "5017",
  }),
  p("cancle 6620", "typo", "request", { op: "cancel", target: "6620" }),
  p("pls cnacel job 1207 on fjord-data/ingest", "typo", "request", {
    op: "cancel",
    repo: "fjord-data/ingest",
    target: "1207",
  }),
  p("cancel https://github.com/orbital/telemetry/actions/runs/7765432100", "url", "request", {
    op: "cancel",
    repo: "orbital/telemetry",
    target: "7765432100",
  }),
  p("stop 2048 on kestrel-hq/mobile-app, it's burning macOS minutes", "terse", "request", {
    op: "cancel",
    repo: "kestrel-hq/mobile-app",
    target: "2048",
  }),
];
