/**
 * Seeds the GitHub simulator with a scripted run history: completed runs of one workflow with
 * a planted slowdown and a flaky job, for the history analysis tests.
 *
 * @module
 */
import { mulberry32 } from "../../src/stats/random.ts";
import type { GitHubSimState } from "./github_state.ts";

/** What {@linkcode seedHistory} plants. */
export interface HistoryScript {
  /** Workflow file name or path. */
  workflow: string;
  /** Completed runs, oldest first. */
  runs: number;
  /** Creation time of run 1. */
  start: Date;
  /** Time between run creations. Default 8 h. */
  spacingMs?: number;
  /** 1-based run from which every job takes `slowdown` times longer. */
  regressionAt?: number;
  /** Default 1.4 (40 % slower). */
  slowdown?: number;
  /** Runs (1-based) whose `integration` job fails once: run n fails, run n + 1 passes on its SHA. */
  flakyAt?: number[];
  /** Runs (1-based) that passed on a second attempt, `integration` alone re-run. */
  rerunAt?: number[];
  /** Noise as a fraction of each job's duration (uniform ±). Default 0.08. */
  noise?: number;
  seed?: number;
}

/** The failing log line the flaky job prints. */
/**
 * A clean two-job workflow (`build`, then `integration`) for seeded history: no finding of its
 * own at the default level, so what a test sees comes from the runs.
 *
 * @example
 * ```ts
 * state.addRepo("acme/app", { files: { ".github/workflows/ci.yml": HISTORY_CI } });
 * ```
 */
export const HISTORY_CI = `name: CI
on: push
permissions: {}
concurrency: ci
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - run: make build
  integration:
    needs: build
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - run: make integration
`;

export const FLAKY_LOG_LINE = "Error: connect ECONNREFUSED 127.0.0.1:5432 (database not ready)";

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * Adds the runs to `repo` (which must already have the workflow): per run, `build` (2 min) and
 * then `integration` (3 min), each with deterministic noise, 15 s after the run's creation.
 * Returns the run ids, oldest first.
 *
 * @example
 * ```ts
 * seedHistory(sim.state, "acme/app", { workflow: "ci.yml", runs: 60, start, regressionAt: 40 });
 * ```
 */
export function seedHistory(state: GitHubSimState, repo: string, script: HistoryScript): number[] {
  const random = mulberry32(script.seed ?? 42);
  const noise = script.noise ?? 0.08;
  const spacing = script.spacingMs ?? 8 * 3_600_000;
  const flaky = new Set(script.flakyAt ?? []);
  const reruns = new Set(script.rerunAt ?? []);
  const ids: number[] = [];
  let sha = "";
  for (let n = 1; n <= script.runs; n++) {
    const created = script.start.getTime() + (n - 1) * spacing;
    const slow = script.regressionAt !== undefined && n >= script.regressionAt
      ? script.slowdown ?? 1.4
      : 1;
    const jitter = () => 1 + noise * (2 * random() - 1);
    const buildMs = Math.round(120_000 * slow * jitter());
    const integrationMs = Math.round(180_000 * slow * jitter());
    // A run after a flaky failure re-tests the same commit.
    sha = flaky.has(n - 1) ? sha : crypto.randomUUID().replaceAll("-", "").padEnd(40, "0");
    const fails = flaky.has(n);
    const rerun = reruns.has(n);
    const buildStart = created + 15_000;
    const buildEnd = buildStart + buildMs;
    // A re-run's second attempt starts an hour later; build is carried over from attempt 1.
    const attemptStart = rerun ? created + 3_600_000 : created;
    const integrationStart = rerun ? attemptStart + 15_000 : buildEnd + 5_000;
    const integrationEnd = integrationStart + (fails ? 40_000 : integrationMs);
    const run = state.addRun(repo, {
      workflow: script.workflow,
      created_at: iso(created),
      run_started_at: iso(attemptStart),
      updated_at: iso(integrationEnd + 5_000),
      status: "completed",
      conclusion: fails ? "failure" : "success",
      head_sha: sha,
      run_attempt: rerun ? 2 : 1,
      jobs: [
        {
          name: "build",
          started_at: iso(buildStart),
          completed_at: iso(buildEnd),
          conclusion: "success",
          labels: ["ubuntu-latest"],
          steps: [
            {
              name: "Checkout",
              started_at: iso(buildStart),
              completed_at: iso(buildStart + 3_000),
            },
            { name: "Build", started_at: iso(buildStart + 3_000), completed_at: iso(buildEnd) },
          ],
        },
        {
          name: "integration",
          started_at: iso(integrationStart),
          completed_at: iso(integrationEnd),
          conclusion: fails ? "failure" : "success",
          labels: ["ubuntu-latest"],
          steps: [
            {
              name: "Start database",
              started_at: iso(integrationStart),
              completed_at: iso(integrationStart + 10_000),
            },
            {
              name: "Run integration tests",
              started_at: iso(integrationStart + 10_000),
              completed_at: iso(integrationEnd),
              conclusion: fails ? "failure" : "success",
            },
          ],
          ...(fails
            ? {
              log: `${iso(integrationStart)} ##[group]Run integration tests\n` +
                `${iso(integrationEnd - 1_000)} ${FLAKY_LOG_LINE}\n` +
                `${iso(integrationEnd)} ##[error]Process completed with exit code 1.\n`,
            }
            : {}),
        },
      ],
    });
    ids.push(Number(run.id));
  }
  return ids;
}
