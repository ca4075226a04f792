/**
 * Phrases that ask to look at workflows rather than run them: `analyze` (what is wrong, why
 * is it slow or red), `optimize` (make it faster or cheaper, apply suggestions) and `migrate`
 * (reusable workflows, composite actions, off GitLab).
 *
 * @module
 */
import { type EvalPhrase, p } from "./types.ts";

const R = "request";
const Q = "question";
const S = "statement";

/** `analyze`, `optimize` and `migrate` phrases. */
export const IMPROVE_PHRASES: readonly EvalPhrase[] = [
  p("analyze repo:acme/app", "exact", R, { op: "analyze", repo: "acme/app" }),
  p("/ci-analyze hooli/search workflow:e2e.yml", "exact", R, {
    op: "analyze",
    repo: "hooli/search",
    workflow: "e2e.yml",
  }),
  p("analyze acme/web ref:develop", "exact", R, {
    op: "analyze",
    repo: "acme/web",
    ref: "develop",
  }),
  p("why is CI slow on acme/app", "question", Q, { op: "analyze", repo: "acme/app" }),
  p("why does globex/billing keep failing?", "question", Q, {
    op: "analyze",
    repo: "globex/billing",
  }),
  p("whats wrong with the pipeline on acme/api", "question", Q, {
    op: "analyze",
    repo: "acme/api",
  }),
  p("why is e2e.yml so flaky in hooli/search??", "question", Q, {
    op: "analyze",
    repo: "hooli/search",
    workflow: "e2e.yml",
  }),
  p("any idea why contoso/infra builds take 40 min now?", "question", Q, {
    op: "analyze",
    repo: "contoso/infra",
  }),
  p("is there anything insecure in stark/jarvis workflows?", "question", Q, {
    op: "analyze",
    repo: "stark/jarvis",
  }),
  p("why's the test job on acme/mobile red again", "question", Q, {
    op: "analyze",
    repo: "acme/mobile",
  }),
  p("what's making acme/web ci take forever?", "question", Q, { op: "analyze", repo: "acme/web" }),
  p("which tests are flaky on umbrella/lab-portal?", "question", Q, {
    op: "analyze",
    repo: "umbrella/lab-portal",
  }),
  p("are there any problems with deploy.yml in acme/docs?", "question", Q, {
    op: "analyze",
    repo: "acme/docs",
    workflow: "deploy.yml",
  }),
  p("why do the tests on acme/app fail only on friday?", "question", Q, {
    op: "analyze",
    repo: "acme/app",
  }),
  p("how healthy is the ci on globex/billing lately?", "question", Q, {
    op: "analyze",
    repo: "globex/billing",
  }),
  p("what broke the build on acme/api main?", "question", Q, {
    op: "analyze",
    repo: "acme/api",
    ref: "main",
  }),
  p("does our release.yml in acme/api follow best practices?", "question", Q, {
    op: "analyze",
    repo: "acme/api",
    workflow: "release.yml",
  }),
  p("analyze the release/2.x branch of acme/app", "branch", R, {
    op: "analyze",
    repo: "acme/app",
    ref: "release/2.x",
  }),
  p("look at the workflows on feature/new-auth in acme/web", "branch", R, {
    op: "analyze",
    repo: "acme/web",
    ref: "feature/new-auth",
  }),
  p("audit hooli/search at v3.0.0", "branch", R, {
    op: "analyze",
    repo: "hooli/search",
    ref: "v3.0.0",
  }),
  p("why is ci red on fix/flaky-login in acme/web?", "branch", Q, {
    op: "analyze",
    repo: "acme/web",
    ref: "fix/flaky-login",
  }),
  p("anaylze acme/app", "typo", R, { op: "analyze", repo: "acme/app" }),
  p("analzye globex/billing ci.yml", "typo", R, {
    op: "analyze",
    repo: "globex/billing",
    workflow: "ci.yml",
  }),
  p("anlayze hooli/search pls", "typo", R, { op: "analyze", repo: "hooli/search" }),
  p("/ci-test analyse contoso/infra", "exact", R, { op: "analyze", repo: "contoso/infra" }),
  p("annalyze the workflows in acme/web", "typo", R, { op: "analyze", repo: "acme/web" }),
  p("analyze https://github.com/initech/tps-reports", "url", R, {
    op: "analyze",
    repo: "initech/tps-reports",
  }),
  p("why is https://github.com/acme/web/actions/workflows/ci.yml so slow", "url", Q, {
    op: "analyze",
    repo: "acme/web",
    workflow: "ci.yml",
  }),
  p("can you take a look at https://github.com/stark/jarvis/actions? lots of red", "url", R, {
    op: "analyze",
    repo: "stark/jarvis",
  }),
  p("lint the workflows in acme/mobile", "terse", R, { op: "analyze", repo: "acme/mobile" }),
  p("health check on umbrella/lab-portal ci", "terse", R, {
    op: "analyze",
    repo: "umbrella/lab-portal",
  }),
  p("review acme/docs workflows", "terse", R, { op: "analyze", repo: "acme/docs" }),
  p("please have a look at why acme/api builds are flaky", "polite", R, {
    op: "analyze",
    repo: "acme/api",
  }),
  p("could you audit the github actions in globex/billing for security issues?", "polite", R, {
    op: "analyze",
    repo: "globex/billing",
  }),
  p("would appreciate an analysis of pied-piper/middle-out ci when you can", "polite", R, {
    op: "analyze",
    repo: "pied-piper/middle-out",
  }),
  p("acme/app ci is super slow since tuesday", "terse", S, { op: "analyze", repo: "acme/app" }),
  p("optimize repo:acme/app", "exact", R, { op: "optimize", repo: "acme/app" }),
  p("/ci-optimize hooli/search workflow:ci.yml target:build", "exact", R, {
    op: "optimize",
    repo: "hooli/search",
    workflow: "ci.yml",
    target: "build",
  }),
  p("optimize acme/web apply s1a2b3,s4c5d6", "exact", R, {
    op: "optimize",
    repo: "acme/web",
    apply: { step: "preview", ids: ["s1a2b3", "s4c5d6"] },
  }),
  p("how do I get the test job on contoso/infra under 10 min?", "question", Q, {
    op: "optimize",
    repo: "contoso/infra",
  }),
  p("how can we make acme/app ci faster?", "question", Q, { op: "optimize", repo: "acme/app" }),
  p("any way to cut the actions bill for globex/billing?", "question", Q, {
    op: "optimize",
    repo: "globex/billing",
  }),
  p("how could hooli/search e2e.yml run quicker?", "question", Q, {
    op: "optimize",
    repo: "hooli/search",
    workflow: "e2e.yml",
  }),
  p("what can we cache in acme/web to speed things up?", "question", Q, {
    op: "optimize",
    repo: "acme/web",
  }),
  p("is there a cheaper way to run stark/jarvis ci?", "question", Q, {
    op: "optimize",
    repo: "stark/jarvis",
  }),
  p("how do we shave minutes off the acme/api build?", "question", Q, {
    op: "optimize",
    repo: "acme/api",
  }),
  p("can the acme/mobile pipeline be parallelized better?", "question", Q, {
    op: "optimize",
    repo: "acme/mobile",
  }),
  p("what would make deploy.yml in acme/docs less slow?", "question", Q, {
    op: "optimize",
    repo: "acme/docs",
    workflow: "deploy.yml",
  }),
  p("how to get umbrella/lab-portal builds below 5 minutes?", "question", Q, {
    op: "optimize",
    repo: "umbrella/lab-portal",
  }),
  p("speed up acme/app", "terse", R, { op: "optimize", repo: "acme/app" }),
  p("make globex/billing ci faster", "terse", R, { op: "optimize", repo: "globex/billing" }),
  p("tune hooli/search ci.yml for speed", "terse", R, {
    op: "optimize",
    repo: "hooli/search",
    workflow: "ci.yml",
  }),
  p("cheaper ci for contoso/infra pls", "terse", R, { op: "optimize", repo: "contoso/infra" }),
  p("please suggest optimizations for acme/web", "polite", R, { op: "optimize", repo: "acme/web" }),
  p("could you find ways to speed up stark/jarvis's test workflow?", "polite", R, {
    op: "optimize",
    repo: "stark/jarvis",
  }),
  p("optmize acme/app", "typo", R, { op: "optimize", repo: "acme/app" }),
  p("optimze acme/api ci.yml", "typo", R, { op: "optimize", repo: "acme/api", workflow: "ci.yml" }),
  p("optimise hooli/search", "typo", R, { op: "optimize", repo: "hooli/search" }),
  p("opitmize globex/billing", "typo", R, { op: "optimize", repo: "globex/billing" }),
  p("optimize https://github.com/acme/mobile", "url", R, { op: "optimize", repo: "acme/mobile" }),
  p("how do I make https://github.com/initech/tps-reports ci faster", "url", Q, {
    op: "optimize",
    repo: "initech/tps-reports",
  }),
  p("optimize acme/web on release/3.x", "branch", R, {
    op: "optimize",
    repo: "acme/web",
    ref: "release/3.x",
  }),
  p("go ahead and apply s7f3a1 on acme/app", "terse", R, {
    op: "optimize",
    repo: "acme/app",
    apply: { step: "preview", ids: ["s7f3a1"] },
  }),
  p("please apply suggestions s1a2b3 and s9z8y7 to globex/billing", "polite", R, {
    op: "optimize",
    repo: "globex/billing",
    apply: { step: "preview", ids: ["s1a2b3", "s9z8y7"] },
  }),
  p("how do I apply the optimize suggestions?", "question", Q, { op: "help", topic: "optimize" }),
  p("migrate acme/app strategy:reusable", "exact", R, {
    op: "migrate",
    repo: "acme/app",
    strategy: "reusable",
  }),
  p("/ci-migrate globex/billing strategy:actions", "exact", R, {
    op: "migrate",
    repo: "globex/billing",
    strategy: "actions",
  }),
  p("migrate hooli/search strategy:hybrid apply", "exact", R, {
    op: "migrate",
    repo: "hooli/search",
    strategy: "hybrid",
    apply: { step: "preview" },
  }),
  p("move acme/web's duplicated steps into reusable workflows", "terse", R, {
    op: "migrate",
    repo: "acme/web",
    strategy: "reusable",
  }),
  p("dedupe the workflows in acme/api into composite actions", "terse", R, {
    op: "migrate",
    repo: "acme/api",
    strategy: "actions",
  }),
  p("convert gitlab/legacy-app from gitlab ci to github actions", "terse", R, {
    op: "migrate",
    repo: "gitlab/legacy-app",
  }),
  p("port contoso/infra off GitLab", "terse", R, { op: "migrate", repo: "contoso/infra" }),
  p("move stark/jarvis off gitlab-ci please", "polite", R, { op: "migrate", repo: "stark/jarvis" }),
  p("standardize the ci across acme/mobile with shared workflows", "terse", R, {
    op: "migrate",
    repo: "acme/mobile",
    strategy: "reusable",
  }),
  p("could you refactor umbrella/lab-portal workflows to use reusable workflows?", "polite", R, {
    op: "migrate",
    repo: "umbrella/lab-portal",
    strategy: "reusable",
  }),
  p("can we pull the copy-pasted setup steps in acme/app into a composite action?", "question", Q, {
    op: "migrate",
    repo: "acme/app",
    strategy: "actions",
  }),
  p("what would it take to move acme/docs from .gitlab-ci.yml to actions?", "question", Q, {
    op: "migrate",
    repo: "acme/docs",
  }),
  p(
    "how much duplication is there in globex/billing workflows, could it be reusable?",
    "question",
    Q,
    { op: "migrate", repo: "globex/billing" },
  ),
  p("migrat acme/app to reusable workflows", "typo", R, {
    op: "migrate",
    repo: "acme/app",
    strategy: "reusable",
  }),
  p("mirgate hooli/search", "typo", R, { op: "migrate", repo: "hooli/search" }),
  p("migarte acme/web strategy:actions", "typo", R, {
    op: "migrate",
    repo: "acme/web",
    strategy: "actions",
  }),
  p("migrate https://github.com/pied-piper/middle-out to shared workflows", "url", R, {
    op: "migrate",
    repo: "pied-piper/middle-out",
    strategy: "reusable",
  }),
  p("migrate acme/api using a mix of reusable workflows and actions", "terse", R, {
    op: "migrate",
    repo: "acme/api",
    strategy: "hybrid",
  }),
];
