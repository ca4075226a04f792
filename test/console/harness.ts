/**
 * The service with the console on, over the GitHub simulator holding `acme/app` with planted
 * history (runs 40+ 40 % slower, a flaky `integration` job), served on 127.0.0.1 with its
 * public URL set to that address (so report pages and chart images load from the same origin).
 *
 * The app is `createApp` over the booted service's dependencies with the console's variables
 * added to the validated environment, which is exactly what `createApp` reads them from.
 *
 * @module
 */
import { boot } from "../../src/boot.ts";
import type { Config } from "../../src/config.ts";
import { memoryLogger } from "../../src/log.ts";
import { createApp } from "../../src/server.ts";
import { type GitHubSim, startGitHubSim } from "../sim/github.ts";
import { HISTORY_CI, seedHistory } from "../sim/github_history.ts";

const GITHUB_TOKEN = "ghs_consoleTestTokenNeverShown";
/** The fixed clock of the console tests. */
export const NOW = new Date("2026-11-24T12:00:00Z");

async function historySim(): Promise<GitHubSim> {
  const github = await startGitHubSim({ token: GITHUB_TOKEN, now: () => NOW });
  github.state.addRepo("acme/app", { files: { ".github/workflows/ci.yml": HISTORY_CI } });
  seedHistory(github.state, "acme/app", {
    workflow: "ci.yml",
    runs: 60,
    start: new Date("2026-11-02T00:00:00Z"),
    regressionAt: 40,
    flakyAt: [12, 31, 47],
    rerunAt: [55],
  });
  return github;
}

/** A running console service. */
export interface ConsoleEnv extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`, also the service's `PUBLIC_URL`. */
  base: string;
}

/**
 * Starts the simulator and the service with `consoleEnv` (`{}` with `demo: true`, or
 * `{ CONSOLE: "on", CONSOLE_TOKEN: "…" }`).
 *
 * @example
 * ```ts
 * await using env = await startConsole({}, { demo: true });
 * const page = await fetch(`${env.base}/`);
 * ```
 */
export async function startConsole(
  consoleEnv: Record<string, string>,
  options: {
    /** Demo mode, as `deno task demo` boots it (never an environment variable). */
    demo?: boolean;
    /** Another simulator and the token it accepts; then the real clock. */
    github?: GitHubSim;
    token?: string;
  } = {},
): Promise<ConsoleEnv> {
  const github = options.github ?? await historySim();
  let handler: (request: Request) => Response | Promise<Response> = () =>
    new Response("starting", { status: 503 });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (r) => handler(r));
  const base = `http://127.0.0.1:${server.addr.port}`;
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: base,
    GITHUB_TOKEN: options.token ?? GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
  }, {
    log: memoryLogger(),
    ...(options.github ? {} : { now: () => NOW }),
    github: { retries: 2, retryAfterBaseValue: 5, timeoutMs: 2_000 },
    maxJobWaitMs: 200,
  });
  const env = { ...service.config.env, ...consoleEnv } as Config["env"];
  const app = createApp({
    ...service.deps,
    config: { ...service.config, env },
    ...(options.demo ? { demo: true } : {}),
  });
  handler = app.fetch;
  return {
    base,
    async [Symbol.asyncDispose]() {
      await service.close();
      await server.shutdown();
      await github.close();
    },
  };
}

/**
 * The anti-forgery token and the form of a console page.
 *
 * @example
 * ```ts
 * const csrf = csrfOf(await (await fetch(`${base}/`)).text());
 * ```
 */
export function csrfOf(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no anti-forgery token in the page:\n${html.slice(0, 500)}`);
  return match[1];
}
