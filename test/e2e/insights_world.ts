/**
 * The world of the end-to-end "what matters" tests (Slack, Teams, Discord): acme/app in the
 * GitHub simulator with 60 seeded runs of `HISTORY_CI`, 40 % slower from run 40, its
 * `integration` job flaky in runs 12, 31 and 47 and re-run in run 55; and the service booted
 * against it with each chat surface's own variables.
 *
 * @module
 */
import { boot, type BootOverrides } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { startGitHubSim } from "../sim/github.ts";
import { HISTORY_CI, seedHistory } from "../sim/github_history.ts";

/** The service's and the simulator's clock. */
export const NOW = new Date("2026-11-24T12:00:00Z");
/** When run 1 was created, in ms; the runs come 8 h apart. */
export const START = Date.parse("2026-11-02T00:00:00Z");
const SPACING_MS = 8 * 3_600_000;

/**
 * When run `n` (1-based) was created, in ms: (n − 1) × 8 h after {@linkcode START}.
 *
 * @example
 * ```ts
 * runCreated(1) === START; // true
 * ```
 */
export const runCreated = (n: number): number => START + (n - 1) * SPACING_MS;

/**
 * Whole days from run `n`'s creation to {@linkcode NOW}, as "n days ago" states them.
 *
 * @example
 * ```ts
 * daysAgo(1); // 22
 * ```
 */
export const daysAgo = (n: number): number =>
  Math.floor((NOW.getTime() - runCreated(n)) / 86_400_000);

/**
 * A second workflow whose three jobs use the same tag-pinned action: one finding group of three.
 *
 * @example
 * ```ts
 * await insightsWorld(token, { ".github/workflows/lint.yml": LINT });
 * ```
 */
export const LINT = `name: Lint
on: pull_request
permissions: {}
jobs:
${
  ["a", "b", "c"].map((job) =>
    `  ${job}:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n` +
    `      - uses: actions/checkout@v4\n      - run: make ${job}\n`
  ).join("")
}`;

/**
 * Starts the simulator with acme/app (`ci.yml` is `HISTORY_CI`, plus `files`) and its seeded
 * history. `ids[n - 1]` is run n's id; `boot` starts the service against this simulator, at
 * {@linkcode NOW}, with the chat surface's `env` and `overrides` added.
 *
 * @example
 * ```ts
 * const world = await insightsWorld("ghs_token");
 * const service = await world.boot({ SLACK_SIGNING_SECRET: "s" });
 * await service.close();
 * await world.github.close();
 * ```
 */
export async function insightsWorld(token: string, files: Record<string, string> = {}) {
  const github = await startGitHubSim({ token, now: () => NOW });
  github.state.addRepo("acme/app", {
    files: { ".github/workflows/ci.yml": HISTORY_CI, ...files },
  });
  const ids = seedHistory(github.state, "acme/app", {
    workflow: "ci.yml",
    runs: 60,
    start: new Date(START),
    spacingMs: SPACING_MS,
    regressionAt: 40,
    flakyAt: [12, 31, 47],
    rerunAt: [55],
  });
  return {
    github,
    ids,
    boot: (env: Record<string, string>, overrides: BootOverrides = {}) =>
      boot({
        KV_PATH: ":memory:",
        PUBLIC_URL: "https://ci.example.test",
        GITHUB_TOKEN: token,
        GITHUB_API_URL: github.url,
        ...env,
      }, {
        log: memoryLogger(),
        now: () => NOW,
        github: { retries: 2, retryAfterBaseValue: 5, timeoutMs: 2_000 },
        ...overrides,
      }),
  };
}
