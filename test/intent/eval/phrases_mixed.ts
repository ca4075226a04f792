/**
 * Phrases that trip keyword readers: command words inside repository, branch and file names,
 * questions that only sound like requests, and more questions across every operation.
 *
 * @module
 */
import { type EvalPhrase, p } from "./types.ts";

const R = "request";
const Q = "question";
const S = "statement";
const N = "negation";
const PY = "python-version";
const NODE = "node-version";

/** Mixed phrases across operations. */
export const MIXED_PHRASES: readonly EvalPhrase[] = [
  p("run the tests on acme/cancel-service", "terse", R, {
    op: "test",
    repo: "acme/cancel-service",
  }),
  p("analyze acme/status-page", "terse", R, { op: "analyze", repo: "acme/status-page" }),
  p("test acme/login-service on main", "terse", R, {
    op: "test",
    repo: "acme/login-service",
    ref: "main",
  }),
  p("run ci on acme/web branch fix/stop-notify-spam", "branch", R, {
    op: "test",
    repo: "acme/web",
    ref: "fix/stop-notify-spam",
  }),
  p("why is acme/compare-tool ci slow?", "question", Q, {
    op: "analyze",
    repo: "acme/compare-tool",
  }),
  p("test acme/app on the perf/faster-builds branch", "branch", R, {
    op: "test",
    repo: "acme/app",
    ref: "perf/faster-builds",
  }),
  p("run acme/web on branch chore/migrate-to-vite", "branch", R, {
    op: "test",
    repo: "acme/web",
    ref: "chore/migrate-to-vite",
  }),
  p("dispatch watch-mode.yml on acme/docs", "terse", R, {
    op: "test",
    repo: "acme/docs",
    workflow: "watch-mode.yml",
  }),
  p("test acme/api with optimize-images.yml", "terse", R, {
    op: "test",
    repo: "acme/api",
    workflow: "optimize-images.yml",
  }),
  p("subscribe to acme/analytics failures", "terse", R, {
    op: "subscribe",
    repo: "acme/analytics",
    on: "failure",
  }),
  p("why does the test job on acme/app take 25 minutes?", "question", Q, {
    op: "analyze",
    repo: "acme/app",
  }),
  p("why did my test run on acme/web fail?", "question", Q, { op: "analyze", repo: "acme/web" }),
  p("how do I run the tests faster on globex/billing?", "question", Q, {
    op: "optimize",
    repo: "globex/billing",
  }),
  p("could the test suite on hooli/search be sped up?", "question", Q, {
    op: "optimize",
    repo: "hooli/search",
  }),
  p("is my test run on acme/api done?", "question", Q, { op: "status", repo: "acme/api" }),
  p("did the tests pass on contoso/infra?", "question", Q, { op: "status", repo: "contoso/infra" }),
  p("is the run on stark/jarvis still queued?", "question", Q, {
    op: "status",
    repo: "stark/jarvis",
  }),
  p("what's the status of the e2e run?", "question", Q, { op: "status" }),
  p("hows it going with the acme/mobile tests", "question", Q, {
    op: "status",
    repo: "acme/mobile",
  }),
  p("are my jobs done", "question", Q, { op: "status" }),
  p("what happened to job 6677?", "question", Q, { op: "status", target: "6677" }),
  p("did job 19 get through?", "question", Q, { op: "status", target: "19" }),
  p("why are the tests on umbrella/lab-portal timing out?", "question", Q, {
    op: "analyze",
    repo: "umbrella/lab-portal",
  }),
  p("why is acme/docs deploy.yml failing on main?", "question", Q, {
    op: "analyze",
    repo: "acme/docs",
    workflow: "deploy.yml",
    ref: "main",
  }),
  p("what's flaky in acme/web right now?", "question", Q, { op: "analyze", repo: "acme/web" }),
  p("is ci on pied-piper/middle-out in bad shape?", "question", Q, {
    op: "analyze",
    repo: "pied-piper/middle-out",
  }),
  p("why did hooli/search go red after the merge?", "question", Q, {
    op: "analyze",
    repo: "hooli/search",
  }),
  p("where is most of the ci time going in acme/api?", "question", Q, {
    op: "analyze",
    repo: "acme/api",
  }),
  p("are we using pinned actions in globex/billing?", "question", Q, {
    op: "analyze",
    repo: "globex/billing",
  }),
  p("how can I make the tests on acme/mobile take less time?", "question", Q, {
    op: "optimize",
    repo: "acme/mobile",
  }),
  p("how do I cut our ci minutes on stark/jarvis?", "question", Q, {
    op: "optimize",
    repo: "stark/jarvis",
  }),
  p("what's the quickest win for contoso/infra build times?", "question", Q, {
    op: "optimize",
    repo: "contoso/infra",
  }),
  p("would caching help acme/web?", "question", Q, { op: "optimize", repo: "acme/web" }),
  p("should we split the test job on acme/app to go faster?", "question", Q, {
    op: "optimize",
    repo: "acme/app",
  }),
  p("is main slower than it was on v2.0.0 in acme/api?", "question", Q, {
    op: "compare",
    repo: "acme/api",
    baseline: "v2.0.0",
    candidate: "main",
  }),
  p("is ci-new.yml more reliable than ci.yml on acme/web?", "two-workflows", Q, {
    op: "compare",
    repo: "acme/web",
    baseline: "ci.yml",
    candidate: "ci-new.yml",
  }),
  p("does build-bazel.yml run faster than build.yml in hooli/search?", "two-workflows", Q, {
    op: "compare",
    repo: "hooli/search",
    baseline: "build.yml",
    candidate: "build-bazel.yml",
  }),
  p("which one wins on globex/billing: ci.yml or ci-docker.yml?", "two-workflows", Q, {
    op: "compare",
    repo: "globex/billing",
    baseline: "ci.yml",
    candidate: "ci-docker.yml",
  }),
  p("compare tests.yml and tests-split.yml on acme/mobile 5 times", "two-workflows", R, {
    op: "compare",
    repo: "acme/mobile",
    baseline: "tests.yml",
    candidate: "tests-split.yml",
    runs: 5,
  }),
  p(
    "can you run ci.yml vs ci-fast.yml on acme/app and tell me which is faster?",
    "two-workflows",
    R,
    { op: "compare", repo: "acme/app", baseline: "ci.yml", candidate: "ci-fast.yml" },
  ),
  p("can we reuse one workflow across acme/web jobs instead of copy-paste?", "question", Q, {
    op: "migrate",
    repo: "acme/web",
    strategy: "reusable",
  }),
  p("is it worth moving contoso/infra from gitlab to github actions?", "question", Q, {
    op: "migrate",
    repo: "contoso/infra",
  }),
  p("what would acme/api look like with composite actions?", "question", Q, {
    op: "migrate",
    repo: "acme/api",
    strategy: "actions",
  }),
  p("what do I type to compare two branches?", "question", Q, { op: "help", topic: "compare" }),
  p("how do I subscribe a channel?", "question", Q, { op: "help", topic: "subscribe" }),
  p("what does the status command show?", "question", Q, { op: "help", topic: "status" }),
  p("can this thing migrate gitlab pipelines?", "question", Q, { op: "help", topic: "migrate" }),
  p("what are you able to do with github actions?", "question", Q, { op: "help" }),
  p("will you tell us when acme/web breaks?", "question", R, {
    op: "subscribe",
    repo: "acme/web",
    on: "failure",
  }),
  p("can we get a ping in here whenever globex/billing recovers?", "question", R, {
    op: "subscribe",
    repo: "globex/billing",
    on: "recovery",
  }),
  p("could you stop the hooli/search alerts for a while?", "question", N, {
    op: "unsubscribe",
    repo: "hooli/search",
  }),
  p("show me this channel's subscriptions", "terse", R, { op: "subscribe", target: "list" }),
  p("are there any runs queued for me?", "question", Q, { op: "status" }),
  p("is anything from acme/docs still in progress?", "question", Q, {
    op: "status",
    repo: "acme/docs",
  }),
  p("can you rerun the tests on acme/web?", "question", R, { op: "test", repo: "acme/web" }),
  p("could you run python 3.11 and 3.12 on acme/api?", "range", R, {
    op: "test",
    repo: "acme/api",
    matrix: { [PY]: ["3.11", "3.12"] },
  }),
  p("run hooli/search on node 20, 22 and 24", "range", R, {
    op: "test",
    repo: "hooli/search",
    matrix: { [NODE]: ["20", "22", "24"] },
  }),
  p("test acme/web across python 3.11-3.13 on ubuntu", "range", R, {
    op: "test",
    repo: "acme/web",
    matrix: { [PY]: ["3.11", "3.12", "3.13"], os: ["ubuntu-latest"] },
  }),
  p("test acme/mobile on macos and windows", "range", R, {
    op: "test",
    repo: "acme/mobile",
    matrix: { os: ["macos-latest", "windows-latest"] },
  }),
  p("py3.10 to 3.13 on globex/billing please", "range", R, {
    op: "test",
    repo: "globex/billing",
    matrix: { [PY]: ["3.10", "3.11", "3.12", "3.13"] },
  }),
  p("dispatch acme/app ci.yml with debug=true and on ref release/2.x", "inputs", R, {
    op: "test",
    repo: "acme/app",
    workflow: "ci.yml",
    ref: "release/2.x",
    inputs: { debug: "true" },
  }),
  p("run deploy.yml for acme/docs, target_env=preview", "inputs", R, {
    op: "test",
    repo: "acme/docs",
    workflow: "deploy.yml",
    inputs: { target_env: "preview" },
  }),
  p("test contoso/infra apply.yml inputs:workspace=dev inputs:auto_approve=false", "inputs", R, {
    op: "test",
    repo: "contoso/infra",
    workflow: "apply.yml",
    inputs: { workspace: "dev", auto_approve: "false" },
  }),
  p("run acme/api load-test.yml with users=500 duration=10m", "inputs", R, {
    op: "test",
    repo: "acme/api",
    workflow: "load-test.yml",
    inputs: { users: "500", duration: "10m" },
  }),
  p("please trigger acme/mobile build.yml with platform=ios", "inputs", R, {
    op: "test",
    repo: "acme/mobile",
    workflow: "build.yml",
    inputs: { platform: "ios" },
  }),
  p("test stark/jarvis at d4e5f6a7", "branch", R, {
    op: "test",
    repo: "stark/jarvis",
    ref: "d4e5f6a7",
  }),
  p("run acme/web tests on tag v5.0.0-rc.1", "branch", R, {
    op: "test",
    repo: "acme/web",
    ref: "v5.0.0-rc.1",
  }),
  p("test umbrella/lab-portal on users/kim/refactor-auth", "branch", R, {
    op: "test",
    repo: "umbrella/lab-portal",
    ref: "users/kim/refactor-auth",
  }),
  p("I'm gonna run the tests on acme/app later", "noncommand", S, { op: null }),
  p("we used to compare main and dev every week", "noncommand", S, { op: null }),
  p("someone should analyze why acme/api is so slow", "noncommand", S, { op: null }),
  p("did you see the optimize report on acme/web? wild", "noncommand", Q, { op: null }),
  p("I already cancelled it myself", "noncommand", S, { op: null }),
  p("stop, wait", "noncommand", N, { op: null }),
  p("don't run anything on globex/billing today, the freeze is on", "noncommand", N, { op: null }),
  p("I won't be subscribing to that repo", "noncommand", N, { op: null }),
  p("the test job is slow but whatever", "noncommand", S, { op: null }),
  p("haha the bot is faster than me", "smalltalk", S, { op: null }),
  p("do you ever sleep?", "smalltalk", Q, { op: null }),
  p("thx, that's exactly what I needed", "smalltalk", S, { op: null }),
  p("can I buy you a coffee?", "smalltalk", Q, { op: null }),
  p("wow that was quick", "smalltalk", S, { op: null }),
  p("what's up?", "smalltalk", Q, { op: null }),
  p("any plans for the weekend?", "smalltalk", Q, { op: null }),
  p("who's joining the offsite?", "smalltalk", Q, { op: null }),
  p("is the coffee machine fixed yet?", "smalltalk", Q, { op: null }),
  p("where is everyone?", "smalltalk", Q, { op: null }),
  p("how was your vacation?", "smalltalk", Q, { op: null }),
];
