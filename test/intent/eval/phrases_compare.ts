/**
 * Phrases that ask to `compare` two refs or two workflow files, as commands and as questions
 * ("is X faster than Y?": Y is the baseline, X the candidate).
 *
 * @module
 */
import { type EvalPhrase, p } from "./types.ts";

const R = "request";
const Q = "question";

/** `compare` phrases. */
export const COMPARE_PHRASES: readonly EvalPhrase[] = [
  p("compare main dev repo:acme/app", "exact", R, {
    op: "compare",
    repo: "acme/app",
    baseline: "main",
    candidate: "dev",
  }),
  p("compare baseline:main candidate:perf-cache acme/web runs:5", "exact", R, {
    op: "compare",
    repo: "acme/web",
    baseline: "main",
    candidate: "perf-cache",
    runs: 5,
  }),
  p("/ci-compare main next hooli/search", "exact", R, {
    op: "compare",
    repo: "hooli/search",
    baseline: "main",
    candidate: "next",
  }),
  p("compare main with feature/parallel-jest on acme/web", "branch", R, {
    op: "compare",
    repo: "acme/web",
    baseline: "main",
    candidate: "feature/parallel-jest",
  }),
  p("diff the ci times of release/2.x vs release/3.x in acme/app", "branch", R, {
    op: "compare",
    repo: "acme/app",
    baseline: "release/2.x",
    candidate: "release/3.x",
  }),
  p("benchmark perf/bun-install against main on globex/billing, 5 runs each", "branch", R, {
    op: "compare",
    repo: "globex/billing",
    baseline: "main",
    candidate: "perf/bun-install",
    runs: 5,
  }),
  p("compare v1.8.0 and v1.9.0 build times for acme/api", "branch", R, {
    op: "compare",
    repo: "acme/api",
    baseline: "v1.8.0",
    candidate: "v1.9.0",
  }),
  p("how does ci on chore/cache-pnpm compare to main in acme/mobile?", "branch", Q, {
    op: "compare",
    repo: "acme/mobile",
    baseline: "main",
    candidate: "chore/cache-pnpm",
  }),
  p("is fix/split-e2e any quicker than main on hooli/search?", "branch", Q, {
    op: "compare",
    repo: "hooli/search",
    baseline: "main",
    candidate: "fix/split-e2e",
  }),
  p("compare acme/app ci.yml ci-fast.yml", "two-workflows", R, {
    op: "compare",
    repo: "acme/app",
    baseline: "ci.yml",
    candidate: "ci-fast.yml",
  }),
  p("is ci-fast.yml faster than ci.yml on acme/app?", "two-workflows", Q, {
    op: "compare",
    repo: "acme/app",
    baseline: "ci.yml",
    candidate: "ci-fast.yml",
  }),
  p("A/B test ci.yml vs ci-turbo.yml for acme/app", "two-workflows", R, {
    op: "compare",
    repo: "acme/app",
    baseline: "ci.yml",
    candidate: "ci-turbo.yml",
  }),
  p("which is quicker on acme/web, build.yml or build-v2.yml?", "two-workflows", Q, {
    op: "compare",
    repo: "acme/web",
    baseline: "build.yml",
    candidate: "build-v2.yml",
  }),
  p("pit test.yml against test-sharded.yml in globex/billing", "two-workflows", R, {
    op: "compare",
    repo: "globex/billing",
    baseline: "test.yml",
    candidate: "test-sharded.yml",
  }),
  p("does e2e-parallel.yml beat e2e.yml on hooli/search?", "two-workflows", Q, {
    op: "compare",
    repo: "hooli/search",
    baseline: "e2e.yml",
    candidate: "e2e-parallel.yml",
  }),
  p("compare old.yml with new.yml for contoso/infra, 3 runs", "two-workflows", R, {
    op: "compare",
    repo: "contoso/infra",
    baseline: "old.yml",
    candidate: "new.yml",
    runs: 3,
  }),
  p("side by side: ci.yml vs ci-matrix.yml on stark/jarvis", "two-workflows", R, {
    op: "compare",
    repo: "stark/jarvis",
    baseline: "ci.yml",
    candidate: "ci-matrix.yml",
  }),
  p("did moving to ci-cached.yml actually help vs ci.yml in acme/api?", "two-workflows", Q, {
    op: "compare",
    repo: "acme/api",
    baseline: "ci.yml",
    candidate: "ci-cached.yml",
  }),
  p(
    "is the new pipeline (pipeline-v2.yml) slower than pipeline.yml on acme/docs?",
    "two-workflows",
    Q,
    { op: "compare", repo: "acme/docs", baseline: "pipeline.yml", candidate: "pipeline-v2.yml" },
  ),
  p("compair main and dev on acme/app", "typo", R, {
    op: "compare",
    repo: "acme/app",
    baseline: "main",
    candidate: "dev",
  }),
  p("comapre release/1.x and main for acme/web", "typo", R, {
    op: "compare",
    repo: "acme/web",
    baseline: "release/1.x",
    candidate: "main",
  }),
  p("cmopare ci.yml ci-fast.yml hooli/search", "typo", R, {
    op: "compare",
    repo: "hooli/search",
    baseline: "ci.yml",
    candidate: "ci-fast.yml",
  }),
  p("benchmrak main vs perf on globex/billing", "typo", R, {
    op: "compare",
    repo: "globex/billing",
    baseline: "main",
    candidate: "perf",
  }),
  p("main vs dev on acme/app", "terse", R, {
    op: "compare",
    repo: "acme/app",
    baseline: "main",
    candidate: "dev",
  }),
  p("compare main and staging acme/api", "terse", R, {
    op: "compare",
    repo: "acme/api",
    baseline: "main",
    candidate: "staging",
  }),
  p("main versus next, acme/mobile, 10 runs", "terse", R, {
    op: "compare",
    repo: "acme/mobile",
    baseline: "main",
    candidate: "next",
    runs: 10,
  }),
  p("could you compare main and dev on acme/web for me?", "polite", R, {
    op: "compare",
    repo: "acme/web",
    baseline: "main",
    candidate: "dev",
  }),
  p("please benchmark main against perf-tweaks on stark/jarvis, 4 runs each side", "polite", R, {
    op: "compare",
    repo: "stark/jarvis",
    baseline: "main",
    candidate: "perf-tweaks",
    runs: 4,
  }),
  p("would love a comparison of main vs beta on umbrella/lab-portal 🙏", "polite", R, {
    op: "compare",
    repo: "umbrella/lab-portal",
    baseline: "main",
    candidate: "beta",
  }),
  p("is dev faster than main on acme/app?", "question", Q, {
    op: "compare",
    repo: "acme/app",
    baseline: "main",
    candidate: "dev",
  }),
  p("which branch builds quicker in acme/web, main or turbo?", "question", Q, {
    op: "compare",
    repo: "acme/web",
    baseline: "main",
    candidate: "turbo",
  }),
  p("did next get slower than main on globex/billing?", "question", Q, {
    op: "compare",
    repo: "globex/billing",
    baseline: "main",
    candidate: "next",
  }),
  p("what's the difference between main and develop build times on acme/api?", "question", Q, {
    op: "compare",
    repo: "acme/api",
    baseline: "main",
    candidate: "develop",
  }),
  p("how much slower is staging than main in hooli/search?", "question", Q, {
    op: "compare",
    repo: "hooli/search",
    baseline: "main",
    candidate: "staging",
  }),
  p("is the flakiness on canary worse than main for acme/mobile?", "question", Q, {
    op: "compare",
    repo: "acme/mobile",
    baseline: "main",
    candidate: "canary",
  }),
  p("compare https://github.com/acme/web main and dev", "url", R, {
    op: "compare",
    repo: "acme/web",
    baseline: "main",
    candidate: "dev",
  }),
  p("https://github.com/contoso/infra — is plan-fast.yml quicker than plan.yml?", "url", Q, {
    op: "compare",
    repo: "contoso/infra",
    baseline: "plan.yml",
    candidate: "plan-fast.yml",
  }),
  p("benchmark main vs dev on github.com/stark/jarvis", "url", R, {
    op: "compare",
    repo: "stark/jarvis",
    baseline: "main",
    candidate: "dev",
  }),
  p("compare main and dev on acme/app with warmup:1 runs:6", "exact", R, {
    op: "compare",
    repo: "acme/app",
    baseline: "main",
    candidate: "dev",
    runs: 6,
    warmup: 1,
  }),
  p("race main against exp/vitest on acme/web 5x", "branch", R, {
    op: "compare",
    repo: "acme/web",
    baseline: "main",
    candidate: "exp/vitest",
    runs: 5,
  }),
  p("is 4f2e9c1 slower than main on acme/api? feels like it", "branch", Q, {
    op: "compare",
    repo: "acme/api",
    baseline: "main",
    candidate: "4f2e9c1",
  }),
];
