/**
 * The whole service booted against the GitHub simulator, with the MCP endpoint served on
 * 127.0.0.1; the simulator knows one GitHub user token (`GET /user`, public repositories).
 *
 * @module
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createMcpEndpoint } from "../../../copilot/mcp/mod.ts";
import { boot, type Service } from "../../../src/boot.ts";
import { memoryLogger } from "../../../src/log.ts";
import { surfaceDepsFrom } from "../../../src/server.ts";
import { GITHUB_TOKEN, simWithApp } from "../../e2e/fixtures.ts";
import type { GitHubSim } from "../../sim/github.ts";

/** The service's MCP_API_KEY in these tests. */
export const API_KEY = "mcp-test-key-0123456789";
/** A GitHub user token the fake `/user` accepts, as login `octo-dev`. */
export const USER_TOKEN = "gho_userTokenForOctoDev";

const TRIAGE_YML = `name: Triage
on:
  issues:
    types: [opened]
permissions:
  issues: write
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: echo "New issue \${{ github.event.issue.title }}"
`;

/** A running test environment. */
export interface McpEnv extends AsyncDisposable {
  github: GitHubSim;
  service: Service;
  url: string;
  /** `GET /user` requests the simulator answered. */
  userChecks: () => number;
  /** A connected SDK client sending `Authorization: Bearer <token>`. */
  connect(token?: string): Promise<Client>;
}

/**
 * Boots everything. The policy makes `mcp-key:api-key` operator and `github:octo-dev` viewer on
 * acme/*.
 *
 * @example
 * ```ts
 * await using env = await startMcpEnv();
 * const client = await env.connect(API_KEY);
 * ```
 */
export async function startMcpEnv(): Promise<McpEnv> {
  // octo-dev reads the public repositories with their own token (no push anywhere).
  const github = await simWithApp({ users: { [USER_TOKEN]: { login: "octo-dev" } } });
  github.state.addRepo("acme/web", { files: { ".github/workflows/triage.yml": TRIAGE_YML } });
  const dir = await Deno.makeTempDir();
  const policyFile = `${dir}/policy.yml`;
  await Deno.writeTextFile(
    policyFile,
    `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["mcp-key:api-key"]\n` +
      `  - repos: ["acme/*"]\n    role: viewer\n    users: ["github:octo-dev"]\n`,
  );
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    POLICY_FILE: policyFile,
  }, { log: memoryLogger(), maxJobWaitMs: 200, github: { retryAfterBaseValue: 5 } });
  const mcp = createMcpEndpoint(
    { apiKey: API_KEY, githubTokens: true, githubApiUrl: github.url },
    { ...surfaceDepsFrom(service.deps), runner: service.deps.runner },
  );
  service.deps.deliverers.set("mcp", mcp.deliver);
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, mcp.handler);
  const url = `http://127.0.0.1:${server.addr.port}/mcp`;
  const clients: Client[] = [];
  return {
    github,
    service,
    url,
    userChecks: () => github.requests.filter((r) => r.path === "/user").length,
    async connect(token = API_KEY) {
      const client = new Client({ name: "mcp-test", version: "1.0.0" });
      const transport = new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    async [Symbol.asyncDispose]() {
      for (const client of clients) await client.close();
      await server.shutdown();
      await service.close();
      await github.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
