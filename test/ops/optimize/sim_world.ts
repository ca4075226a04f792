/**
 * The simulator world of the measured-savings tests: two corpus workflows, the simulator's
 * seeded history, and planted pull-request, push and hung runs whose numbers the tests recompute.
 *
 * @module
 */
import { memoryLogger } from "../../../src/log.ts";
import { githubProvider } from "../../../src/providers/github/provider.ts";
import { seedHistory } from "../../sim/github_history.ts";
import { startGitHubSim } from "../../sim/github.ts";

const TOKEN = "ghp_optimizeMeasured0123456789abcdef";
export const NOW = new Date("2026-11-24T12:00:00Z");
const CORPUS = "/work/shared/corpus/github";
// psf/requests: push + pull_request; its matrix `build` job loses its timeout for the test.
export const TESTS =
  (await Deno.readTextFile(`${CORPUS}/psf__requests__.github__workflows__run-tests.yml`))
    .replace("    timeout-minutes: 10\n", "");
// hashicorp/terraform: push (feature branches too) and workflow_dispatch, no pull_request.
export const BUILD = await Deno.readTextFile(
  `${CORPUS}/hashicorp__terraform__.github__workflows__build.yml`,
);
export const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A run planted with exact times, for the tests to recompute from. */
export interface Planted {
  event: "push" | "pull_request";
  branch: string;
  sha: string;
  created: number;
  jobs: Array<{ name: string; start: number; ms: number; conclusion?: "failure" }>;
}

/** A job planted 15 s into its run, lasting `minutes`. */
const job = (name: string, minutes: number, conclusion?: "failure"): Planted["jobs"][number] => ({
  name,
  start: 15_000,
  ms: minutes * MIN,
  ...(conclusion ? { conclusion } : {}),
});
const planted = (
  event: Planted["event"],
  branch: string,
  sha: string,
  created: number,
  jobs: Planted["jobs"],
): Planted => ({ event, branch, sha, created, jobs });

const B = Date.parse("2026-11-10T09:00:00Z");
const C = Date.parse("2026-11-12T14:00:00Z");
export const PLANTED: Planted[] = [
  // fix-a: a2 is pushed 2 min into a1's run; a3 only after a2 finished.
  planted("pull_request", "fix-a", "a1", B, [job("build", 4)]),
  planted("pull_request", "fix-a", "a2", B + 2 * MIN, [job("build", 4)]),
  planted("pull_request", "fix-a", "a3", B + 10 * MIN, [job("build", 9.5)]),
  // fix-b: b2 lands 1 min into b1 (two jobs); b2 again (same commit) does not supersede b2.
  planted("pull_request", "fix-b", "b1", C, [job("build", 3), job("lint", 1)]),
  planted("pull_request", "fix-b", "b2", C + MIN, [job("build", 3)]),
  planted("pull_request", "fix-b", "b2", C + 1.5 * MIN, [job("build", 3)]),
  // Pushes overlapping on a branch: not pull-request runs, so the PR cancellation saves nothing.
  planted("push", "topic", "t1", C + 60 * MIN, [job("build", 3)]),
  planted("push", "topic", "t2", C + 61 * MIN, [job("build", 3)]),
  // A hung build on main, failed after 75 minutes.
  planted("push", "main", "h1", C + 120 * MIN, [job("build", 75, "failure")]),
];

/**
 * Starts the simulator with the repository, its seeded history and the planted runs.
 *
 * @example
 * ```ts
 * await using env = await world();
 * ```
 */
export async function world() {
  const sim = await startGitHubSim({ token: TOKEN, now: () => NOW });
  sim.state.addRepo("acme/app", {
    files: { ".github/workflows/ci.yml": TESTS, ".github/workflows/build.yml": BUILD },
  });
  seedHistory(sim.state, "acme/app", {
    workflow: "ci.yml",
    runs: 40,
    start: new Date("2026-11-02T00:00:00Z"),
    spacingMs: 12 * 3_600_000,
  });
  for (const p of PLANTED) {
    const fails = p.jobs.some((j) => j.conclusion === "failure");
    const end = Math.max(...p.jobs.map((j) => p.created + j.start + j.ms));
    sim.state.addRun("acme/app", {
      workflow: "ci.yml",
      event: p.event,
      head_branch: p.branch,
      head_sha: p.sha.padEnd(40, "0"),
      created_at: iso(p.created),
      run_started_at: iso(p.created),
      updated_at: iso(end + 5_000),
      status: "completed",
      conclusion: fails ? "failure" : "success",
      jobs: p.jobs.map((j) => ({
        name: j.name,
        started_at: iso(p.created + j.start),
        completed_at: iso(p.created + j.start + j.ms),
        conclusion: j.conclusion ?? ("success" as const),
        labels: ["ubuntu-latest"],
        steps: [{ name: "Run tests", conclusion: j.conclusion ?? ("success" as const) }],
      })),
    });
  }
  const provider = githubProvider({
    baseUrl: sim.url,
    token: TOKEN,
    log: memoryLogger(),
    retryAfterBaseValue: 5,
  });
  return { sim, provider, [Symbol.asyncDispose]: () => sim.close() };
}
