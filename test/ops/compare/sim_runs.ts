/**
 * Run history on the GitHub simulator for compare tests: completed runs with sequential jobs,
 * planted as GitHub would list them, and a provider on the simulator.
 *
 * @module
 */
import { memoryLogger } from "../../../src/log.ts";
import type { OpContext } from "../../../src/ops/context.ts";
import { githubProvider } from "../../../src/providers/github/provider.ts";
import { type SimJobInput, startGitHubSim } from "../../sim/github.ts";

/** The token the simulator expects. */
export const TOKEN = "ghp_compareSimToken0123456789abcdef";
/** The simulator's time. */
export const NOW = new Date("2026-11-24T12:00:00Z");
/** A push-triggered workflow named `name`. */
export const WORKFLOW = (name: string) =>
  `name: ${name}\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A completed run: sequential jobs, `queueS` after creation, `hoursAgo` before NOW. */
export function runInput(
  workflow: string,
  hoursAgo: number,
  jobs: Record<string, number>,
  options: { conclusion?: "success" | "failure"; branch?: string; queueS?: number } = {},
) {
  const created = NOW.getTime() - hoursAgo * 3_600_000;
  let clock = created + (options.queueS ?? 15) * 1000;
  const simJobs: SimJobInput[] = Object.entries(jobs).map(([name, seconds]) => {
    const started = clock;
    clock += seconds * 1000;
    return {
      name,
      status: "completed",
      conclusion: options.conclusion ?? "success",
      started_at: iso(started),
      completed_at: iso(clock),
    };
  });
  return {
    workflow,
    status: "completed" as const,
    conclusion: options.conclusion ?? "success",
    head_branch: options.branch ?? "main",
    created_at: iso(created),
    run_started_at: iso(created),
    updated_at: iso(clock + 5_000),
    jobs: simJobs,
  };
}

/** A simulator with `acme/app` (`files` on main and on `faster-ci`) and the runs `seed` adds. */
export async function withSim(
  seed: (add: (input: ReturnType<typeof runInput>) => void) => void,
  files: Record<string, string> = {
    ".github/workflows/ci.yml": WORKFLOW("CI"),
    ".github/workflows/ci-fast.yml": WORKFLOW("CI fast"),
  },
) {
  const sim = await startGitHubSim({ token: TOKEN, now: () => NOW });
  sim.state.addRepo("acme/app", { files, branches: { "faster-ci": files } });
  seed((input) => sim.state.addRun("acme/app", input));
  const log = memoryLogger();
  const provider = githubProvider({ baseUrl: sim.url, token: TOKEN, log, retryAfterBaseValue: 5 });
  const ctx: OpContext = { provider, log, now: () => NOW, defaultRepo: "acme/app" };
  return { sim, ctx, log, [Symbol.asyncDispose]: () => sim.close() };
}
