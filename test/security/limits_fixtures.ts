/**
 * The real service over HTTP for the per-caller limit attacks (issue 12, item 5): the GitHub
 * simulator with `acme/app` and a person with a personal token, the Slack and Copilot
 * simulators, and a clock the test moves forward by hand.
 *
 * @module
 */
import { boot, type Service } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";
import { copilotBody, type CopilotSim, startCopilotSim } from "../sim/copilot.ts";
import type { GitHubSim } from "../sim/github.ts";
import { signSlackRequest, type SlackSim, slashCommandBody, startSlackSim } from "../sim/slack.ts";

/** The service's MCP_API_KEY. */
export const MCP_KEY = "mcp-limits-key-0123456789";
/** A second MCP caller: a GitHub user with push access to `acme/app`. */
export const OTHER_TOKEN = "gho_limits_other";
const SLACK_SECRET = "limits-signing-secret";

/** A running environment. */
export interface LimitsEnv extends AsyncDisposable {
  github: GitHubSim;
  slack: SlackSim;
  copilot: CopilotSim;
  service: Service;
  url: string;
  /** Moves the service's clock forward. */
  advance(ms: number): void;
  /** Analyses that reached GitHub (each lists the repository's workflows once). */
  analyses(): number;
  /** POSTs one `tools/call` to `/mcp` with `Authorization: Bearer <token>`. */
  callTool(token: string, name: string, args: Record<string, unknown>): Promise<McpReply>;
  /** Sends a signed `/ci-test` slash command whose reply goes to `responseUrl(id)`. */
  slash(text: string, id: string, user?: string): Promise<Response>;
  /** POSTs a signed Copilot turn asking `text` about `acme/app` with `X-GitHub-Token: token`. */
  copilotTurn(text: string, token: string): Promise<Response>;
  /** The `/metrics` text. */
  metrics(): Promise<string>;
}

/** The HTTP outcome of one MCP call. */
export interface McpReply {
  status: number;
  retryAfter: string | null;
  body: string;
}

/**
 * Boots the service (MCP on, Slack on) with `env` added; the clock starts at the real time and
 * then moves only by `advance`.
 *
 * @example
 * ```ts
 * await using env = await startLimitsEnv();
 * ```
 */
export async function startLimitsEnv(env: Record<string, string> = {}): Promise<LimitsEnv> {
  const github = await simWithApp({
    users: { [OTHER_TOKEN]: { login: "other", repos: { "acme/app": "push" } } },
  });
  const slack = await startSlackSim();
  const copilot = startCopilotSim();
  // One GitHub API base: Copilot's signing keys from its simulator, everything else from GitHub's.
  const front = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const url = new URL(request.url);
    const base = url.pathname.startsWith("/meta/") ? copilot.url : github.url;
    return fetch(new URL(url.pathname + url.search, base.endsWith("/") ? base : base + "/"), {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
  });
  let nowMs = Date.now();
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    GITHUB_TOKEN,
    GITHUB_API_URL: `http://127.0.0.1:${front.addr.port}`,
    COPILOT_AGENT: "on",
    MCP: "on",
    MCP_API_KEY: MCP_KEY,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: slack.apiUrl,
    ...env,
  }, {
    log: memoryLogger(),
    now: () => new Date(nowMs),
    maxJobWaitMs: 200,
    github: { retryAfterBaseValue: 5 },
  });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, service.app.fetch);
  const url = `http://127.0.0.1:${server.addr.port}`;
  let id = 0;
  return {
    github,
    slack,
    copilot,
    service,
    url,
    advance: (ms) => nowMs += ms,
    analyses: () =>
      github.requests.filter((r) => r.path === "/repos/acme/app/actions/workflows").length,
    async callTool(token, name, args) {
      const res = await fetch(`${url}/mcp`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: ++id,
          method: "tools/call",
          params: { name, arguments: args },
        }),
      });
      return {
        status: res.status,
        retryAfter: res.headers.get("retry-after"),
        body: await res.text(),
      };
    },
    async slash(text, replyId, user = "U2147483697") {
      const body = slashCommandBody({
        command: "/ci-test",
        text,
        user_id: user,
        response_url: slack.responseUrl(replyId),
      });
      // Signed at the service's clock, which the test moves.
      const headers = await signSlackRequest(SLACK_SECRET, body, Math.floor(nowMs / 1000));
      headers.set("content-type", "application/x-www-form-urlencoded");
      return await fetch(`${url}/slack/events`, { method: "POST", headers, body });
    },
    async copilotTurn(text, token) {
      const signed = copilot.request(copilotBody({ text, repo: "acme/app" }), {
        token,
        target: `${url}/copilot`,
      });
      return await fetch(signed.url, {
        method: "POST",
        headers: signed.headers,
        body: await signed.text(),
      });
    },
    metrics: async () => await (await fetch(`${url}/metrics`)).text(),
    async [Symbol.asyncDispose]() {
      await service.close();
      await server.shutdown();
      await slack.close();
      await front.shutdown();
      await copilot.close();
      await github.close();
    },
  };
}
