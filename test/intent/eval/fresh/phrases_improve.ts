/**
 * Fresh held-out phrases that ask for findings, speed-ups or a migration (`analyze`,
 * `optimize`, `migrate`), including the pull-request step.
 *
 * @module
 */
import { type EvalPhrase, p } from "../types.ts";

/**
 * "Why is it slow" reads as analyze, "make it faster" as optimize, moving duplicated steps into
 * shared building blocks as migrate.
 *
 * @example
 * ```ts
 * IMPROVE_PHRASES.some((x) => x.expect.op === "migrate"); // true
 * ```
 */
export const IMPROVE_PHRASES: readonly EvalPhrase[] = [
  p("why is CI so slow on tidewater/ledger lately?", "question", "question", {
    op: "analyze",
    repo: "tidewater/ledger",
  }),
  p(
    "what's wrong with ci.yml in bluefin/api-gateway? it keeps timing out",
    "question",
    "question",
    {
      op: "analyze",
      repo: "bluefin/api-gateway",
      workflow: "ci.yml",
    },
  ),
  p("are there any flaky jobs in orbital/telemetry?", "question", "question", {
    op: "analyze",
    repo: "orbital/telemetry",
  }),
  p("how healthy is the CI for quarry-io/quarry these days?", "question", "question", {
    op: "analyze",
    repo: "quarry-io/quarry",
  }),
  p("anything unsafe in our workflows on saltmarsh/infra?", "question", "question", {
    op: "analyze",
    repo: "saltmarsh/infra",
  }),
  p("audit release.yml in lumen/docs-site", "terse", "request", {
    op: "analyze",
    repo: "lumen/docs-site",
    workflow: "release.yml",
  }),
  p("analyze kestrel-hq/mobile-app", "terse", "request", {
    op: "analyze",
    repo: "kestrel-hq/mobile-app",
  }),
  p(
    "could you take a look at the workflows in helix-bio/pipeline and tell me what's off?",
    "polite",
    "request",
    {
      op: "analyze",
      repo: "helix-bio/pipeline",
    },
  ),
  p("anaylze copperleaf/web pls", "typo", "request", { op: "analyze", repo: "copperleaf/web" }),
  p("chekc the workflows in fjord-data/ingest for problems", "typo", "request", {
    op: "analyze",
    repo: "fjord-data/ingest",
  }),
  p("why does https://github.com/tidewater/ledger take 40 minutes to build?", "url", "question", {
    op: "analyze",
    repo: "tidewater/ledger",
  }),
  p("analyse the workflows on release/3.x in bluefin/api-gateway", "branch", "request", {
    op: "analyze",
    repo: "bluefin/api-gateway",
    ref: "release/3.x",
  }),
  p(
    "ci.yml calls build.yml — can you analyze build.yml in orbital/telemetry?",
    "two-workflows",
    "request",
    {
      op: "analyze",
      repo: "orbital/telemetry",
      workflow: "build.yml",
    },
  ),
  p("how can we make CI faster on copperleaf/web?", "question", "question", {
    op: "optimize",
    repo: "copperleaf/web",
  }),
  p("any ideas to speed up ci.yml in quarry-io/quarry?", "question", "question", {
    op: "optimize",
    repo: "quarry-io/quarry",
    workflow: "ci.yml",
  }),
  p("optimize the build job in kestrel-hq/mobile-app", "terse", "request", {
    op: "optimize",
    repo: "kestrel-hq/mobile-app",
    target: "build",
  }),
  p("speed up saltmarsh/infra", "terse", "request", { op: "optimize", repo: "saltmarsh/infra" }),
  p("please suggest some caching improvements for helix-bio/pipeline", "polite", "request", {
    op: "optimize",
    repo: "helix-bio/pipeline",
  }),
  p("optmize lumen/docs-site ci", "typo", "request", { op: "optimize", repo: "lumen/docs-site" }),
  p("make github.com/fjord-data/ingest builds faster", "url", "request", {
    op: "optimize",
    repo: "fjord-data/ingest",
  }),
  p("apply s1a2b3 and s4c5d6", "terse", "request", {
    op: "optimize",
    apply: { step: "preview", ids: ["s1a2b3", "s4c5d6"] },
  }),
  p("go ahead and open a PR with suggestion s9f8e7 for tidewater/ledger", "polite", "request", {
    op: "optimize",
    repo: "tidewater/ledger",
    apply: { step: "preview", ids: ["s9f8e7"] },
  }),
  p("aply s3c0ff, s7beef on bluefin/api-gateway", "typo", "request", {
    op: "optimize",
    repo: "bluefin/api-gateway",
    apply: { step: "preview", ids: ["s3c0ff", "s7beef"] },
  }),
  p("migrate orbital/telemetry to reusable workflows", "terse", "request", {
    op: "migrate",
    repo: "orbital/telemetry",
    strategy: "reusable",
  }),
  p(
    "can we pull the repeated steps in helix-bio/pipeline into composite actions?",
    "question",
    "question",
    {
      op: "migrate",
      repo: "helix-bio/pipeline",
      strategy: "actions",
    },
  ),
  p("convert fjord-data/ingest from GitLab CI to GitHub Actions", "terse", "request", {
    op: "migrate",
    repo: "fjord-data/ingest",
  }),
  p("migrate copperleaf/web, hybrid strategy", "terse", "request", {
    op: "migrate",
    repo: "copperleaf/web",
    strategy: "hybrid",
  }),
  p(
    "please move the duplicated jobs in quarry-io/quarry onto our shared reusable workflows",
    "polite",
    "request",
    {
      op: "migrate",
      repo: "quarry-io/quarry",
      strategy: "reusable",
    },
  ),
  p("migarte saltmarsh/infra to composite actions", "typo", "request", {
    op: "migrate",
    repo: "saltmarsh/infra",
    strategy: "actions",
  }),
  p("migrate https://github.com/kestrel-hq/mobile-app and open the PR", "url", "request", {
    op: "migrate",
    repo: "kestrel-hq/mobile-app",
    apply: { step: "preview" },
  }),
  p(
    "what would a migration of lumen/docs-site to reusable workflows look like?",
    "question",
    "question",
    {
      op: "migrate",
      repo: "lumen/docs-site",
      strategy: "reusable",
    },
  ),
];
