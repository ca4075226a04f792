/**
 * Shared set-up for the GitHub provider tests: a simulator seeded with `acme/app` and the real
 * provider pointed at it, disposed with `await using`.
 *
 * @module
 */
import { memoryLogger } from "../../src/log.ts";
import type { CIProvider } from "../../src/providers/port.ts";
import { githubProvider, type GitHubProviderOptions } from "../../src/providers/github/provider.ts";
import { type GitHubSim, type GitHubSimOptions, startGitHubSim } from "../sim/github.ts";

/** The token the simulator expects. */
export const TOKEN = "ghp_simTokenValue0123456789abcdefABCDEF";

/** A workflow with a dispatch trigger and inputs. */
export const CI_YML = `name: CI
on:
  push:
  workflow_dispatch:
    inputs:
      python-version:
        required: false
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
`;

/** A test environment. */
export interface GitHubEnv extends AsyncDisposable {
  sim: GitHubSim;
  provider: CIProvider;
  log: ReturnType<typeof memoryLogger>;
}

/**
 * Starts a simulator with `acme/app` (`ci.yml`, `release.yaml`) and a provider on it.
 *
 * @example
 * ```ts
 * await using env = await githubEnv();
 * await env.provider.listWorkflows("acme/app");
 * ```
 */
export async function githubEnv(
  options: {
    sim?: GitHubSimOptions;
    provider?: Partial<GitHubProviderOptions>;
    files?: Record<string, string>;
  } = {},
): Promise<GitHubEnv> {
  const sim = await startGitHubSim({ token: TOKEN, ...options.sim });
  sim.state.addRepo("acme/app", {
    files: options.files ?? {
      ".github/workflows/ci.yml": CI_YML,
      ".github/workflows/release.yaml": "name: Release\non:\n  push:\n    tags: ['v*']\n",
      "README.md": "# app\n",
    },
  });
  const log = memoryLogger();
  const provider = githubProvider({
    baseUrl: sim.url,
    token: TOKEN,
    log,
    retryAfterBaseValue: 5,
    timeoutMs: 2_000,
    ...options.provider,
  });
  return { sim, provider, log, [Symbol.asyncDispose]: () => sim.close() };
}

/**
 * Requests the simulator saw for a method and path.
 *
 * @example
 * ```ts
 * seen(env.sim, "GET", "/repos/acme/app/actions/workflows").length;
 * ```
 */
export function seen(sim: GitHubSim, method: string, path: string | RegExp) {
  return sim.requests.filter((r) =>
    r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path))
  );
}
