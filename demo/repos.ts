/**
 * The demo's sample repositories: real public workflow files (copied into `demo/repos/`, licences
 * in `demo/repos/LICENSES.md`) under a `demo/` owner, each with generated run history, and
 * dispatched runs that finish within seconds of real time.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import type { GitHubSim, SimScript } from "../test/sim/github.ts";
import { type HistoryScript, seedHistory } from "../test/sim/github_history.ts";

/** One sample repository. */
export interface DemoRepo {
  /** `owner/name` in the simulator. */
  name: string;
  /** Where the copied workflow file comes from. */
  source: string;
  /** The workflow file under `.github/workflows/`. */
  workflow: string;
  /** Its git blob id upstream: the copy must stay byte for byte (a test checks). */
  blob: string;
  /** What its history shows, in words (printed at start). */
  story: string;
  /** The planted history, without `workflow` and `start`. */
  history: Omit<HistoryScript, "workflow" | "start">;
  /** Jobs of a dispatched run (only for workflows with `workflow_dispatch`). */
  dispatch?: SimScript;
}

const DAY_MS = 86_400_000;

/** A dispatched run: queued for a second, then these jobs, each a few seconds long. */
const quickRun = (jobs: Array<[string, number, string[]?]>): SimScript => () => ({
  queueMs: 1_000,
  jobs: jobs.map(([name, seconds, needs]) => ({
    name,
    durationMs: seconds * 1_000,
    ...(needs ? { needs } : {}),
  })),
});

/**
 * The three sample repositories.
 *
 * @example
 * ```ts
 * DEMO_REPOS.map((r) => r.name); // ["demo/express", "demo/pytest", "demo/requests"]
 * ```
 */
export const DEMO_REPOS: readonly DemoRepo[] = [
  {
    name: "demo/express",
    source: "expressjs/express",
    workflow: "ci.yml",
    blob: "cc2ea3d380500f1b9f76adffc58e8472ea2123c6",
    story: "40 % slower since run 40 of 60; integration job flaky",
    history: { runs: 60, regressionAt: 40, flakyAt: [12, 31, 47], rerunAt: [55] },
    dispatch: quickRun([
      ["Lint", 2],
      ["Node.js 24 - ubuntu-latest", 3],
      ["coverage", 1, ["Node.js 24 - ubuntu-latest"]],
    ]),
  },
  {
    name: "demo/pytest",
    source: "pytest-dev/pytest",
    workflow: "test.yml",
    blob: "661adb7c2c9d6dc89c2aa86319793ed497729d92",
    story: "integration job flaky (fails 5 of 40 runs, passes on re-test)",
    history: { runs: 40, flakyAt: [6, 14, 22, 29, 35], seed: 7 },
    dispatch: quickRun([["package", 1], ["build", 3, ["package"]]]),
  },
  {
    name: "demo/requests",
    source: "psf/requests",
    workflow: "run-tests.yml",
    blob: "b795c78c1e4177bdec68c55facefd4996ef90a65",
    story: "steady, a few failures; push-only (cannot be dispatched)",
    history: { runs: 30, flakyAt: [9, 21], seed: 3 },
  },
];

/**
 * Adds the sample repositories to the simulator: the workflow file read from
 * `demo/repos/<name>/`, history ending a few hours before `now`, and the dispatch script.
 *
 * @example
 * ```ts
 * await addDemoRepos(sim, new Date());
 * ```
 */
export async function addDemoRepos(sim: GitHubSim, now: Date): Promise<void> {
  for (const repo of DEMO_REPOS) {
    const path = `.github/workflows/${repo.workflow}`;
    const folder = repo.name.split("/")[1];
    const text = await Deno.readTextFile(new URL(`./repos/${folder}/${path}`, import.meta.url));
    // The simulator reads a workflow's name from its YAML on every added run: seed the history
    // under a one-line file of the same name (2 s faster to start), then put the real file in.
    const name = (parseYaml(text) as { name?: string }).name ?? path;
    sim.state.addRepo(repo.name, { files: { [path]: `name: ${JSON.stringify(name)}\n` } });
    // Runs every 8 hours (seedHistory's spacing), the last one about 8 hours ago.
    const start = new Date(now.getTime() - (repo.history.runs * 8 * 3_600_000) - DAY_MS / 24);
    seedHistory(sim.state, repo.name, { workflow: repo.workflow, start, ...repo.history });
    sim.state.setFile(repo.name, path, text);
    if (repo.dispatch) sim.state.script(repo.name, repo.workflow, repo.dispatch);
  }
}
