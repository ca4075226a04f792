/**
 * The real service (booted in process, `/mcp` served on 127.0.0.1) against the GitHub
 * simulator holding one repository with optimizable and migratable workflows, for the attacks
 * on the apply step. The MCP caller is the service's API key; the policy file (if any) decides
 * its role.
 *
 * @module
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { boot, type Service } from "../../src/boot.ts";
import { runCliCaptured } from "../cli_capture.ts";
import { memoryLogger } from "../../src/log.ts";
import { type AuditEntry, listAudit } from "../../src/policy/audit.ts";
import { parseIdentity } from "../../src/policy/identity.ts";
import type { Report } from "../../src/report/model.ts";
import { type GitHubSim, startGitHubSim } from "../sim/github.ts";
import { CI } from "../ops/migrate/fixtures.ts";

/** The simulator's token (the service's GITHUB_TOKEN). */
export const GITHUB_TOKEN = "ghs_applyAttackToken";
/** The service's MCP_API_KEY. */
export const API_KEY = "mcp-apply-attack-key-0123456789";
/** The repository under attack. */
export const REPO = "acme/web";
/** A repository whose workflow the example catalog's reusable workflows replace. */
export const MIGRATE_REPO = "acme/py";
const CATALOG = await Deno.readTextFile(new URL("../../docs/catalog.example.yml", import.meta.url));

/** A workflow `optimize` has several applicable suggestions for. */
export const WF = `name: CI
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npm test
  lint:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npm run lint
`;

/**
 * How the policy file names the API-key caller (`mcp-key:<name>` once MCP key names have
 * their own namespace, `mcp:<name>` before).
 */
export const KEY_IDENTITY = parseIdentity("mcp-key:api-key").ok ? "mcp-key:api-key" : "mcp:api-key";

/** A policy granting the API-key caller `role` on acme/*, plus `extra` YAML. */
export function policyFor(role: string, extra = ""): string {
  return `grants:\n  - repos: ["acme/*"]\n    role: ${role}\n    users: ["${KEY_IDENTITY}"]\n` +
    extra;
}

/** One tool call's outcome. */
export interface CallResult {
  isError: boolean;
  text: string;
  report?: Report;
}

/** A running environment. */
export interface ApplyEnv extends AsyncDisposable {
  sim: GitHubSim;
  service: Service;
  call(tool: string, args: Record<string, unknown>): Promise<CallResult>;
  /** Pull requests opened in the simulator (both repositories). */
  pulls(): number;
  /** POSTs the service sent to the simulator (branches, commits, pulls). */
  writes(): number;
  audit(): Promise<AuditEntry[]>;
}

/**
 * Boots the simulator, the service (MCP on with the API key) and connects an MCP client.
 *
 * @example
 * ```ts
 * await using env = await startApplyEnv(policyFor("viewer"));
 * ```
 */
export async function startApplyEnv(policy?: string): Promise<ApplyEnv> {
  const sim = await startGitHubSim({ token: GITHUB_TOKEN });
  sim.state.addRepo(REPO, {
    files: { ".github/workflows/ci.yml": WF, "package-lock.json": "{}\n" },
  });
  sim.state.addRepo(MIGRATE_REPO, { files: { ".github/workflows/ci.yml": CI } });
  sim.state.addRepo("acme/ci-tooling", { files: { "catalog.yml": CATALOG } });
  const dir = await Deno.makeTempDir();
  const env: Record<string, string> = {
    KV_PATH: ":memory:",
    PUBLIC_URL: "https://ci.example.test",
    GITHUB_TOKEN,
    GITHUB_API_URL: sim.url,
    MCP: "on",
    MCP_API_KEY: API_KEY,
    // The attacks are many quick calls by one caller; per-caller limits are tested elsewhere.
    RATE_LIMIT_PER_MINUTE: "100000",
    RATE_LIMIT_BURST: "100000",
  };
  if (policy !== undefined) {
    env.POLICY_FILE = `${dir}/policy.yml`;
    await Deno.writeTextFile(env.POLICY_FILE, policy);
  }
  const service = await boot(env, {
    log: memoryLogger(),
    maxJobWaitMs: 200,
    github: { retryAfterBaseValue: 1 },
  });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    (request) => service.app.fetch(request),
  );
  const client = new Client({ name: "apply-attack", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${server.addr.port}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${API_KEY}` } },
    }),
  );
  return {
    sim,
    service,
    async call(tool, args) {
      const result = await client.callTool({ name: tool, arguments: args }, undefined, {
        timeout: 30_000,
      });
      const content = (result.content ?? []) as Array<{ text?: string }>;
      const structured = result.structuredContent as { report?: Report } | undefined;
      return {
        isError: result.isError === true,
        text: content.map((c) => c.text ?? "").join("\n"),
        ...(structured?.report ? { report: structured.report } : {}),
      };
    },
    pulls: () => sim.state.repo(REPO)!.pulls.length + sim.state.repo(MIGRATE_REPO)!.pulls.length,
    writes: () => sim.requests.filter((r) => r.method === "POST" || r.method === "PATCH").length,
    audit: () => listAudit(service.deps.store),
    async [Symbol.asyncDispose]() {
      await client.close();
      await server.shutdown();
      await service.close();
      await sim.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/**
 * The ids and content hash a confirmation carries, read the way the local operator would:
 * `cli run optimize apply …` against the simulator (outside the service under attack).
 *
 * @example
 * ```ts
 * const { ids, hash } = await confirmationOf(env.sim);
 * ```
 */
export async function confirmationOf(sim: GitHubSim): Promise<{ ids: string[]; hash: string }> {
  const cli = async (text: string): Promise<Report> => {
    const { out } = await runCliCaptured(["run", text, "--json"], {
      GITHUB_API_URL: sim.url,
      GITHUB_TOKEN,
    });
    return JSON.parse(out) as Report;
  };
  const listed = await cli(`optimize repo:${REPO}`);
  const apply = listed.actions.find((a) => a.id === "optimize-apply")!.intent as
    & Record<string, unknown>
    & { apply?: { ids: string[] }; target?: string };
  const ids = apply.apply?.ids ?? apply.target!.slice("apply:".length).split(",");
  const preview = await cli(`optimize apply ${ids.join(",")} repo:${REPO}`);
  const confirm = preview.actions.find((a) => a.id === "optimize-confirm")!.intent as
    & Record<string, unknown>
    & { apply?: { hash: string }; target?: string };
  const hash = confirm.apply?.hash ?? /@([0-9a-f]+)$/.exec(confirm.target!)![1];
  return { ids, hash };
}

/**
 * The content hash a migration's confirmation carries (`strategy:reusable`), read through the
 * CLI like {@linkcode confirmationOf}.
 *
 * @example
 * ```ts
 * const hash = await migrationHashOf(env.sim);
 * ```
 */
export async function migrationHashOf(sim: GitHubSim): Promise<string> {
  const { out, err } = await runCliCaptured(
    ["run", `migrate repo:${MIGRATE_REPO} strategy:reusable apply`, "--json"],
    { GITHUB_API_URL: sim.url, GITHUB_TOKEN },
  );
  if (out.length === 0) throw new Error(`migrate preview failed: ${err}`);
  const preview = JSON.parse(out) as Report;
  const confirm = preview.actions.find((a) => a.id === "migrate-confirm")!.intent as
    & Record<string, unknown>
    & { apply?: { hash: string }; target?: string };
  return confirm.apply?.hash ?? /^apply-confirmed:([0-9a-f]+)/.exec(confirm.target!)![1];
}
