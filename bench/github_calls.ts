/**
 * (e) GitHub API calls for a first and a repeated `analyze` of the same repository, through the
 * real service (`boot()`, the Octokit provider with its ETag cache) against the GitHub
 * simulator. A 304 answers a conditional request and does not count against GitHub's primary
 * rate limit; every other answer does. The target is about the repeat: few counted calls.
 *
 * @module
 */
import { boot } from "../src/boot.ts";
import { parseCommand } from "../src/intent/parse.ts";
import { memoryLogger } from "../src/log.ts";
import { startGitHubSim } from "../test/sim/github.ts";

/** Calls made by one analyze. */
export interface CallCount {
  requests: number;
  /** Answers that count against the primary rate limit (everything but 304). */
  counted: number;
  notModified: number;
  /** 403/429 rate-limit refusals (none expected: the simulator starts with 5,000). */
  refused: number;
  ms: number;
  findings: number;
}

const TOKEN = "ghs_benchToken";
const REPO = "acme/app";

const WORKFLOWS: Record<string, string> = {
  ".github/workflows/ci.yml": `name: CI
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 22 }
      - run: npm ci && npm test
  lint:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
      - run: npm run lint
`,
  ".github/workflows/release.yml": `name: Release
on:
  push:
    tags: ["v*"]
permissions:
  contents: write
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "Releasing \${{ github.event.head_commit.message }}"
`,
  ".github/workflows/nightly.yml": `name: Nightly
on:
  schedule: [{ cron: "0 3 * * *" }]
  workflow_dispatch:
jobs:
  e2e:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
      - run: ./scripts/e2e.sh
`,
};

/**
 * Seeds a repository with three workflows and 50 runs spread over the last ten days, boots the
 * service on an in-memory store, and runs `analyze repo:acme/app` twice.
 *
 * @example
 * ```ts
 * const { first, repeat } = await benchGitHubCalls();
 * ```
 */
export async function benchGitHubCalls(): Promise<{ first: CallCount; repeat: CallCount }> {
  const sim = await startGitHubSim({ token: TOKEN });
  const day = 24 * 3600 * 1000;
  sim.state.addRepo(REPO, { files: { ...WORKFLOWS, "README.md": "# app\n" } });
  const names = ["ci.yml", "release.yml", "nightly.yml"];
  for (let i = 0; i < 50; i++) {
    const created = new Date(Date.now() - (i * 10 * day) / 50 - 3_600_000).toISOString();
    sim.state.addRun(REPO, {
      workflow: names[i % 3],
      created_at: created,
      conclusion: i % 7 === 0 ? "failure" : "success",
      jobs: [{ name: i % 3 === 0 ? "test" : i % 3 === 1 ? "publish" : "e2e" }],
    });
  }
  const service = await boot({
    KV_PATH: ":memory:",
    LOG_LEVEL: "error",
    GITHUB_TOKEN: TOKEN,
    GITHUB_API_URL: sim.url,
  }, { log: memoryLogger() });
  const parsed = parseCommand(`analyze repo:${REPO}`);
  if (parsed.kind !== "intent") throw new Error(`analyze did not parse: ${parsed.error}`);
  const once = async (): Promise<CallCount> => {
    const before = sim.requests.length;
    const started = performance.now();
    const report = await service.deps.execute(parsed.intent, {
      surface: "cli",
      requestId: crypto.randomUUID(),
      userId: "bench",
    });
    const ms = performance.now() - started;
    const seen = sim.requests.slice(before);
    return {
      requests: seen.length,
      counted: seen.filter((r) => r.status !== 304).length,
      notModified: seen.filter((r) => r.status === 304).length,
      refused: seen.filter((r) => r.status === 429 || r.status === 403).length,
      ms,
      findings: report.findings.length,
    };
  };
  try {
    const first = await once();
    const repeat = await once();
    return { first, repeat };
  } finally {
    await service.close();
    await sim.close();
  }
}
