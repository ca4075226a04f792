/**
 * The real service over HTTP, with the GitHub simulator knowing several people by personal
 * token, a private repository `acme/secret` and the public `acme/app`; optionally the Copilot
 * simulator for signing keys and the model. Shared by the identity and access attack tests.
 *
 * @module
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { boot, type Service } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { CI_YML, GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";
import type { GitHubSim, SimUser } from "../sim/github.ts";
import { type CopilotSim, startCopilotSim } from "../sim/copilot.ts";

/** People with personal tokens, by token. */
export const PEOPLE: Record<string, SimUser> = {
  gho_stranger: { login: "stranger" },
  gho_reader: { login: "reader", repos: { "acme/secret": "pull" } },
  gho_pusher: { login: "pusher", repos: { "acme/secret": "push", "acme/app": "push" } },
  gho_releasebot: { login: "release-bot", repos: { "acme/app": "push" } },
  gho_octocat_token: { login: "octocat", repos: { "acme/secret": "push" } },
};

/** The service's MCP_API_KEY when a test sets one. */
export const MCP_KEY = "mcp-security-key-0123456789";

/** A running environment. */
export interface SecurityEnv extends AsyncDisposable {
  github: GitHubSim;
  copilot: CopilotSim;
  service: Service;
  /** The service's base URL (served on 127.0.0.1). */
  url: string;
  /** Requests the service made with ITS OWN token about `repo` (`owner/name`). */
  serviceReads(repo: string): number;
  /** An MCP SDK client with `Authorization: Bearer <token>`. */
  mcp(token: string): Promise<Client>;
  /** POSTs a Copilot request (signed by the Copilot simulator); no token: no X-GitHub-Token. */
  copilotTurn(body: unknown, token?: string): Promise<Response>;
}

/**
 * Boots the service with `env` (plus KV in memory, the simulators' URLs and GITHUB_TOKEN), and
 * `policy` written to a POLICY_FILE when given.
 *
 * @example
 * ```ts
 * await using env = await startSecurityEnv({ MCP: "on" });
 * const client = await env.mcp("gho_stranger");
 * ```
 */
export async function startSecurityEnv(
  env: Record<string, string> = {},
  policy?: string,
): Promise<SecurityEnv> {
  const github = await simWithApp({ users: PEOPLE });
  github.state.addRepo("acme/secret", {
    private: true,
    files: { ".github/workflows/ci.yml": CI_YML },
  });
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
  const dir = await Deno.makeTempDir();
  const policyEnv: Record<string, string> = {};
  if (policy !== undefined) {
    policyEnv.POLICY_FILE = `${dir}/policy.yml`;
    await Deno.writeTextFile(policyEnv.POLICY_FILE, policy);
  }
  const service = await boot({
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    GITHUB_TOKEN,
    GITHUB_API_URL: `http://127.0.0.1:${front.addr.port}`,
    ...policyEnv,
    ...env,
  }, { log: memoryLogger(), maxJobWaitMs: 200, github: { retryAfterBaseValue: 5 } });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, service.app.fetch);
  const url = `http://127.0.0.1:${server.addr.port}`;
  const clients: Client[] = [];
  return {
    github,
    copilot,
    service,
    url,
    serviceReads: (repo) =>
      github.requests.filter((r) =>
        r.path.toLowerCase().startsWith(`/repos/${repo.toLowerCase()}`) &&
        (r.headers.authorization ?? "").includes(GITHUB_TOKEN)
      ).length,
    async mcp(token) {
      const client = new Client({ name: "attacker", version: "1.0.0" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      clients.push(client);
      return client;
    },
    async copilotTurn(body, token) {
      const signed = copilot.request(body, { token: token ?? "", target: `${url}/copilot` });
      const headers = new Headers(signed.headers);
      if (token === undefined) headers.delete("x-github-token");
      return await fetch(signed.url, { method: "POST", headers, body: await signed.text() });
    },
    async [Symbol.asyncDispose]() {
      for (const client of clients) await client.close();
      await server.shutdown();
      await service.close();
      await front.shutdown();
      await copilot.close();
      await github.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** The text of an MCP tool result. */
export function toolText(result: { content?: unknown }): string {
  return ((result.content ?? []) as Array<{ text?: string }>).map((c) => c.text ?? "").join("\n");
}
