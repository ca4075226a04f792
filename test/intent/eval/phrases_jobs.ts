/**
 * Phrases about jobs already under way: `status` (mostly questions, which must never start a
 * run) and `cancel` (the job id must be kept exactly; a negated cancel runs nothing).
 *
 * @module
 */
import { type EvalPhrase, p } from "./types.ts";

const R = "request";
const Q = "question";
const S = "statement";
const N = "negation";

/** `status` and `cancel` phrases. */
export const JOB_PHRASES: readonly EvalPhrase[] = [
  p("status", "exact", R, { op: "status" }),
  p("status repo:acme/app", "exact", R, { op: "status", repo: "acme/app" }),
  p("status target:4411", "exact", R, { op: "status", target: "4411" }),
  p("/ci-test status hooli/search", "exact", R, { op: "status", repo: "hooli/search" }),
  p("hows my test run going", "question", Q, { op: "status" }),
  p("hows my test run going on acme/app", "question", Q, { op: "status", repo: "acme/app" }),
  p("is my build done yet?", "question", Q, { op: "status" }),
  p("what's running right now?", "question", Q, { op: "status" }),
  p("anything queued on globex/billing?", "question", Q, { op: "status", repo: "globex/billing" }),
  p("did the tests on acme/web finish?", "question", Q, { op: "status", repo: "acme/web" }),
  p("where are we with job 4411?", "question", Q, { op: "status", target: "4411" }),
  p("is job 8812 still running?", "question", Q, { op: "status", target: "8812" }),
  p("how far along is the run I started?", "question", Q, { op: "status" }),
  p("are the acme/api tests still going?", "question", Q, { op: "status", repo: "acme/api" }),
  p("any update on my run?", "question", Q, { op: "status" }),
  p("how is the test run on hooli/search doing", "question", Q, {
    op: "status",
    repo: "hooli/search",
  }),
  p("eta on the stark/jarvis run?", "question", Q, { op: "status", repo: "stark/jarvis" }),
  p("what's the state of 9b1e44d0?", "question", Q, { op: "status", target: "9b1e44d0" }),
  p("has the compare on acme/app finished yet", "question", Q, { op: "status", repo: "acme/app" }),
  p("is anything stuck in the queue?", "question", Q, { op: "status" }),
  p("who's running stuff on contoso/infra right now?", "question", Q, {
    op: "status",
    repo: "contoso/infra",
  }),
  p("did my test pass?", "question", Q, { op: "status" }),
  p("how long until the e2e run is done?", "question", Q, { op: "status" }),
  p("progress on job 72?", "question", Q, { op: "status", target: "72" }),
  p("is the benchmark I kicked off an hour ago still running on acme/mobile?", "question", Q, {
    op: "status",
    repo: "acme/mobile",
  }),
  p("what jobs are in flight", "question", Q, { op: "status" }),
  p("show me what's running", "terse", R, { op: "status" }),
  p("running jobs on acme/web", "terse", R, { op: "status", repo: "acme/web" }),
  p("stauts", "typo", R, { op: "status" }),
  p("statsu acme/app", "typo", R, { op: "status", repo: "acme/app" }),
  p("sttaus of job 512", "typo", R, { op: "status", target: "512" }),
  p("could you check on my test run please?", "polite", R, { op: "status" }),
  p("please show the status of job 3301", "polite", R, { op: "status", target: "3301" }),
  p("status of https://github.com/acme/web runs?", "url", Q, { op: "status", repo: "acme/web" }),
  p("what's happening with the run on release/2.x?", "branch", Q, { op: "status" }),
  p("cancel 12", "exact", R, { op: "cancel", target: "12" }),
  p("/ci-test cancel 9b1e44d0", "exact", R, { op: "cancel", target: "9b1e44d0" }),
  p("cancel target:4411 repo:acme/app", "exact", R, {
    op: "cancel",
    target: "4411",
    repo: "acme/app",
  }),
  p("stop job 8812", "terse", R, { op: "cancel", target: "8812" }),
  p("kill 7731 pls", "terse", R, { op: "cancel", target: "7731" }),
  p("abort run 5530 on acme/api", "terse", R, { op: "cancel", target: "5530", repo: "acme/api" }),
  p("cancel job c0ffee12", "terse", R, { op: "cancel", target: "c0ffee12" }),
  p("nuke job 9001, wrong branch", "terse", R, { op: "cancel", target: "9001" }),
  p("cancel #2231", "terse", R, { op: "cancel", target: "2231" }),
  p("stop 4f1d2e3a it's burning minutes", "terse", R, { op: "cancel", target: "4f1d2e3a" }),
  p("please cancel job 6120", "polite", R, { op: "cancel", target: "6120" }),
  p("could you abort 3307? I pushed a fix", "polite", R, { op: "cancel", target: "3307" }),
  p("can you kill job 4411 for me, thanks", "polite", R, { op: "cancel", target: "4411" }),
  p("sorry, started the wrong thing — cancel 8a7b6c5d please", "polite", R, {
    op: "cancel",
    target: "8a7b6c5d",
  }),
  p("cancle 4411", "typo", R, { op: "cancel", target: "4411" }),
  p("cacnel job 812", "typo", R, { op: "cancel", target: "812" }),
  p("cancell 1b2c3d4e", "typo", R, { op: "cancel", target: "1b2c3d4e" }),
  p("abrot 6060", "typo", R, { op: "cancel", target: "6060" }),
  p("cancel https://github.com/acme/web/actions/runs/912345678", "url", R, {
    op: "cancel",
    target: "912345678",
    repo: "acme/web",
  }),
  p("cancel the run on fix/flaky-login, job 3344", "branch", R, { op: "cancel", target: "3344" }),
  p("can we stop job 2718? it's been stuck for an hour", "question", R, {
    op: "cancel",
    target: "2718",
  }),
  p("don't cancel job 4411, it's almost done", "noncommand", N, { op: null }),
  p("no need to stop 8812", "noncommand", N, { op: null }),
  p("please don't kill my run on acme/app", "noncommand", N, { op: null }),
  p("job 4411 got cancelled by someone?", "question", Q, { op: "status", target: "4411" }),
  p("is job 4412 cancelled or still going?", "question", Q, { op: "status", target: "4412" }),
  p("how do I cancel a job?", "question", Q, { op: "help", topic: "cancel" }),
  p("my run 5151 finally finished", "noncommand", S, { op: null }),
];
