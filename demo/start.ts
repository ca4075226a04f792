/**
 * Starts the demo in process: the GitHub simulator with the sample repositories, then the whole
 * service booted against it in demo mode (every report titled "Demo: …"), listening on `port`.
 * `demo/main.ts` runs it from `deno task demo`; `test/demo/` runs it on port 0.
 *
 * @module
 */
import { boot, type Service } from "../src/boot.ts";
import type { Logger } from "../src/log.ts";
import { type GitHubSim, startGitHubSim } from "../test/sim/github.ts";
import { addDemoRepos } from "./repos.ts";

/** The demo's stand-in secrets: they guard nothing real, and are printed at start. */
export const DEMO_SECRETS = {
  /** What the simulator accepts as GitHub token. */
  githubToken: "ghs_demoTokenForTheSimulatorOnly",
  slackSigningSecret: "demo-slack-signing-secret",
  mcpApiKey: "demo-mcp-key",
  /** The bot's app id the Bot Framework Emulator is told. */
  teamsAppId: "00000000-0000-0000-0000-00000000d3e0",
} as const;

/** Options of {@linkcode startDemo}. */
export interface DemoOptions {
  /** 0 picks a free port. */
  port: number;
  /** Deno KV path; default in memory (nothing kept between starts). */
  kvPath?: string;
  /** Default: the service's JSON logger. */
  log?: Logger;
}

/** A running demo. */
export interface Demo extends AsyncDisposable {
  /** `http://localhost:<port>` */
  url: string;
  port: number;
  sim: GitHubSim;
  service: Service;
  close(): Promise<void>;
}

/**
 * Starts the simulator and the service; close it (or `await using`) to stop both.
 *
 * @example
 * ```ts
 * await using demo = await startDemo({ port: 0 });
 * await fetch(`${demo.url}/healthz`);
 * ```
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  // The simulator follows real time, so scripted runs take real seconds.
  const sim = await startGitHubSim({
    token: DEMO_SECRETS.githubToken,
    now: () => new Date(),
    actor: "demo-user",
  });
  try {
    await addDemoRepos(sim, new Date());
    // Listen first (port 0 picks one), so PUBLIC_URL can name the port; the service answers
    // once booted. Loopback only: in demo mode the console asks for no token.
    let handler: (request: Request) => Response | Promise<Response> = () =>
      new Response("starting", { status: 503 });
    const server = Deno.serve(
      { port: options.port, hostname: "127.0.0.1", onListen() {} },
      (request) => handler(request),
    );
    const port = server.addr.port;
    const url = `http://localhost:${port}`;
    let service: Service;
    try {
      service = await boot({
        KV_PATH: options.kvPath ?? ":memory:",
        PORT: String(port),
        PUBLIC_URL: url,
        GITHUB_TOKEN: DEMO_SECRETS.githubToken,
        GITHUB_API_URL: sim.url,
        POLICY_FILE: decodeURIComponent(new URL("./policy.yml", import.meta.url).pathname),
        // Slash commands answer through each request's response_url: no bot token, no Slack.
        SLACK_SIGNING_SECRET: DEMO_SECRETS.slackSigningSecret,
        MCP_API_KEY: DEMO_SECRETS.mcpApiKey,
        // Teams through the Bot Framework Emulator on this machine (its tokens are not
        // validated: acceptable only because the demo listens on loopback).
        MICROSOFT_APP_ID: DEMO_SECRETS.teamsAppId,
        TEAMS_AUTH: "emulator",
        CONSOLE: "on",
      }, {
        demo: true,
        // Demo runs finish in seconds: look at them every 1.5 s, not at the slow production pace.
        maxJobWaitMs: 1_500,
        ...(options.log ? { log: options.log } : {}),
      });
    } catch (error) {
      await server.shutdown();
      throw error;
    }
    handler = service.app.fetch;
    const close = async () => {
      await server.shutdown();
      await service.close();
      await sim.close();
    };
    return { url, port, sim, service, close, [Symbol.asyncDispose]: close };
  } catch (error) {
    await sim.close();
    throw error;
  }
}
