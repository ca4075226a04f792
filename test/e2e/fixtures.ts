/**
 * A repository in the GitHub simulator with dispatchable workflows whose runs are scripted:
 * shared by the end-to-end tests of `test` and `compare`.
 *
 * @module
 */
import { type GitHubSim, type GitHubSimOptions, startGitHubSim } from "../sim/github.ts";

/** A dispatchable workflow with a python-version input and the correlation convention. */
export const CI_YML = `name: CI
run-name: "CI \${{ inputs.ci_orchestrator_id }}"
on:
  push:
  workflow_dispatch:
    inputs:
      python-version:
        type: string
        default: "3.12"
      debug:
        type: boolean
        default: false
      ci_orchestrator_id:
        type: string
        required: false
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
      - run: pytest
`;

/** The same workflow, faster (a candidate for compare). */
export const CI_FAST_YML = CI_YML.replace("name: CI\n", "name: CI fast\n");

/** Token the simulator expects. */
export const GITHUB_TOKEN = "ghs_e2eTokenNeverShown";

/**
 * Starts the simulator with `acme/app`: Python 3.12 fails in `pytest`, everything else passes;
 * `ci.yml` and `ci-same.yml` take 5 minutes, `ci-fast.yml` 4 (20% faster), each with
 * ±15 s of deterministic noise.
 *
 * @example
 * ```ts
 * await using sim = await simWithApp();
 * ```
 */
export async function simWithApp(
  options: {
    returnRunDetails?: "supported" | "ignored";
    timeScale?: number;
    users?: GitHubSimOptions["users"];
    /** Anything else the simulator takes (people, OAuth, a GitHub App). */
    sim?: Partial<GitHubSimOptions>;
  } = {},
): Promise<GitHubSim & AsyncDisposable> {
  const sim = await startGitHubSim({
    token: GITHUB_TOKEN,
    users: options.users,
    timeScale: options.timeScale ?? 600,
    actor: "ci-bot",
    returnRunDetails: options.returnRunDetails ?? "supported",
    ...options.sim,
  });
  sim.state.addRepo("acme/app", {
    files: {
      ".github/workflows/ci.yml": CI_YML,
      ".github/workflows/ci-fast.yml": CI_FAST_YML,
      ".github/workflows/ci-same.yml": CI_YML.replace("name: CI\n", "name: CI same\n"),
    },
  });
  // Deterministic noise of up to ±15 s, different per workflow.
  const jitter = (n: number, seed: number) => ((((n + seed) * 7919) % 31) - 15) * 1_000;
  const job =
    (baseMs: number, seed: number) =>
    ({ inputs, n }: { inputs: Record<string, string>; n: number }) => {
      const fails = inputs["python-version"] === "3.12";
      return {
        queueMs: 8_000,
        jobs: [{
          name: "test",
          durationMs: baseMs + jitter(n, seed),
          conclusion: fails ? "failure" as const : "success" as const,
          steps: [
            { name: "Set up job", durationMs: 2_000 },
            { name: "pytest", conclusion: fails ? "failure" as const : "success" as const },
          ],
          log: fails
            ? "collected 12 items\nFAILED tests/test_api.py::test_dates - ZoneInfo\n1 failed"
            : undefined,
        }],
        artifacts: [{ name: "coverage", sizeBytes: 2048 }],
      };
    };
  sim.state.script("acme/app", "ci.yml", job(300_000, 0));
  sim.state.script("acme/app", "ci-fast.yml", job(240_000, 5));
  sim.state.script("acme/app", "ci-same.yml", job(300_000, 11));
  return Object.assign(sim, { [Symbol.asyncDispose]: () => sim.close() });
}

/** A workflow that runs on push only: listed, but it cannot be dispatched. */
export const LINT_YML = `name: Lint
on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: npm run lint
`;

/** The branch of issue 15's end-to-end case: a name with a slash. */
export const FLAKY_BRANCH = "fix/flaky-login";

const passing = () => ({
  queueMs: 2_000,
  jobs: [{ name: "test", durationMs: 60_000, conclusion: "success" as const }],
});

/**
 * Adds `acme/web`: `ci.yml` (dispatchable) and `lint.yml` (push only) on `main`, and the branch
 * `fix/flaky-login` with the same files; every dispatch passes in a minute.
 *
 * @example
 * ```ts
 * await using sim = await simWithApp();
 * addWebRepo(sim); // test repo:acme/web ref:fix/flaky-login → ci.yml, the only dispatchable one
 * ```
 */
export function addWebRepo(sim: GitHubSim): void {
  const files = {
    ".github/workflows/ci.yml": CI_YML,
    ".github/workflows/lint.yml": LINT_YML,
  };
  sim.state.addRepo("acme/web", { files, branches: { [FLAKY_BRANCH]: { ...files } } });
  sim.state.script("acme/web", "ci.yml", passing);
}

/**
 * Adds `acme/mono`: `ci.yml` and `e2e.yml` (both dispatchable) and `lint.yml` (push only);
 * every dispatch passes in a minute.
 *
 * @example
 * ```ts
 * await using sim = await simWithApp();
 * addMonoRepo(sim); // test repo:acme/mono → "Which workflow?" with ci.yml and e2e.yml
 * ```
 */
export function addMonoRepo(sim: GitHubSim): void {
  sim.state.addRepo("acme/mono", {
    files: {
      ".github/workflows/ci.yml": CI_YML,
      ".github/workflows/e2e.yml": CI_YML.replace("name: CI\n", "name: E2E\n"),
      ".github/workflows/lint.yml": LINT_YML,
    },
  });
  sim.state.script("acme/mono", "ci.yml", passing);
  sim.state.script("acme/mono", "e2e.yml", passing);
}
