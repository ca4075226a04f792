/**
 * The report of issue 17's walk-through, made by a real `analyze` over the GitHub simulator, so
 * that what the screenshots show is what the product says: a large repository whose `ci.yml` got
 * about 40 % slower from run 38 of 60 and whose `integration` job is flaky (failed runs that
 * passed again on the same commit), plus a dozen crate workflows with the near-identical pin and
 * timeout findings that used to push the news and the charts off the first screen.
 *
 * @module
 */
import { memoryLogger } from "../../src/log.ts";
import { analyze } from "../../src/ops/analyze/mod.ts";
import type { OpContext } from "../../src/ops/context.ts";
import { githubProvider } from "../../src/providers/github/provider.ts";
import { type Report, ReportSchema } from "../../src/report/model.ts";
import { startGitHubSim } from "../sim/github.ts";
import { HISTORY_CI, seedHistory } from "../sim/github_history.ts";
import { addTag } from "../sim/github_tags.ts";

/** Title of the duration chart the first screen must show (as `analyze` names it). */
export const DURATION_CHART = "Duration per run (oldest first)";
/** The repository analysed. */
export const FIXTURE_REPO = "rust-lang/big-project";
/** The run (1-based, of 60) from which `ci.yml` is slower. */
export const REGRESSION_AT = 38;
/** Runs (1-based) where the `integration` job failed and passed again on the same commit. */
export const FLAKY_AT = [12, 31, 47];

const TOKEN = "ghp_reportFixtureToken0123456789abcdef";
// The history window ends here; the runs fill the 20 days before it.
const NOW = new Date("2026-11-24T12:00:00Z");

// A crate's workflow: three actions on tags (one finding each) and a job without a timeout.
const crate = (n: number) =>
  `name: crate-${n}
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: dtolnay/rust-toolchain@stable
      - uses: Swatinem/rust-cache@v2
      - run: cargo test -p crate-${n}
`;

/**
 * Analyses {@linkcode FIXTURE_REPO} in a fresh simulator and returns the report (its
 * `createdAt` is the analysis time, so the footer shows a real date).
 *
 * @example
 * ```ts
 * const report = await analyzedReport();
 * report.insights?.[0].kind; // "regression"
 * ```
 */
export async function analyzedReport(): Promise<Report> {
  const sim = await startGitHubSim({ token: TOKEN, now: () => NOW });
  try {
    for (const [repo, tag] of [["actions/checkout", "v4"], ["Swatinem/rust-cache", "v2"]]) {
      addTag(sim.state.addRepo(repo), tag);
    }
    // rust-toolchain is used by branch (`@stable`), as its README says.
    sim.state.addRepo("dtolnay/rust-toolchain", { branches: { stable: {} } });
    const files: Record<string, string> = { ".github/workflows/ci.yml": HISTORY_CI };
    for (let n = 1; n <= 12; n++) files[`.github/workflows/crate-${n}.yml`] = crate(n);
    sim.state.addRepo(FIXTURE_REPO, { files });
    seedHistory(sim.state, FIXTURE_REPO, {
      workflow: "ci.yml",
      runs: 60,
      start: new Date(NOW.getTime() - 20 * 86_400_000),
      regressionAt: REGRESSION_AT,
      flakyAt: FLAKY_AT,
    });
    const log = memoryLogger();
    const provider = githubProvider({ baseUrl: sim.url, token: TOKEN, log });
    const ctx: OpContext = { provider, log, now: () => NOW };
    const report = await analyze({ op: "analyze", repo: FIXTURE_REPO }, ctx);
    return ReportSchema.parse({ ...report, createdAt: NOW.toISOString() });
  } finally {
    await sim.close();
  }
}
